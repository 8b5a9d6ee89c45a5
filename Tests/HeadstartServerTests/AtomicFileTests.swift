import Foundation
import Testing

@testable import HeadstartFormats
@testable import HeadstartServer

/// The export writer in a folder someone else can write: links planted under every name it
/// might use never make it write through them, and the start-up check refuses such a folder
/// unless it is sticky and owned by the daemon's user or root.
@Suite struct AtomicFileTests {
    /// A fresh folder holding `secret`, a mode-600 file an attacker wants overwritten.
    static func folder() throws -> (folder: String, secret: String) {
        let folder = "/tmp/hs-atomic-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let secret = folder + "/secret"
        try Data("do not touch\n".utf8).write(to: URL(fileURLWithPath: secret))
        chmod(secret, 0o600)
        return (folder, secret)
    }

    static func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    @Test func linksAtTheFinalNameAndTheOldPredictableNameAreNeverFollowed() throws {
        let (folder, secret) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.yaml"
        // The name the writer used to pick (`.NAME.PID.tmp`), and the final name itself.
        let predictable = folder + "/.config.yaml.\(getpid()).tmp"
        try FileManager.default.createSymbolicLink(atPath: predictable, withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: secret)
        try AtomicFile.write(Array("model_list: []\n".utf8), to: path)
        #expect(Self.contents(secret) == "do not touch\n")
        #expect(!Self.isLink(path), "the link at the final name was followed, not replaced")
        #expect(Self.contents(path) == "model_list: []\n")
        // Nothing left behind but the planted link, still a link to the untouched file.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == [".config.yaml.\(getpid()).tmp", "config.yaml", "secret"], "\(left)")
    }

    @Test func everyTemporaryNameTheWriterTriesIsCheckedForALink() throws {
        let (folder, secret) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/config.yaml"
        let names = (0..<5).map { ".config.yaml.name\($0).tmp" }
        // Links under the first four names: two to the secret, one dangling (following it would
        // create a file the attacker chose), one to a folder.
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + names[0], withDestinationPath: secret)
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + names[1], withDestinationPath: folder + "/planted")
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + names[2], withDestinationPath: "/tmp")
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + names[3], withDestinationPath: secret)
        try AtomicFile.write(Array("new\n".utf8), to: path, temporaryNames: names)
        #expect(Self.contents(secret) == "do not touch\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/planted"))
        #expect(Self.contents(path) == "new\n")
        #expect(names.prefix(4).allSatisfy { Self.isLink(folder + "/" + $0) })
        #expect(!FileManager.default.fileExists(atPath: folder + "/" + names[4]), "the temporary file was renamed into place")
    }

    @Test func aWriterWithEveryNameTakenGivesUpWithoutWriting() throws {
        let (folder, secret) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let names = (0..<3).map { ".x.\($0).tmp" }
        for name in names { try FileManager.default.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: secret) }
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write(Array("new\n".utf8), to: folder + "/x", temporaryNames: names) }
        #expect(Self.contents(secret) == "do not touch\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x"))
    }

    @Test func randomNamesDoNotRepeat() {
        let names = Array(AtomicFile.RandomNames(base: "config.yaml").prefix(1000))
        #expect(Set(names).count == 1000)
        #expect(names.allSatisfy { $0.hasPrefix(".config.yaml.") && $0.hasSuffix(".tmp") && $0.count == ".config.yaml.".count + 12 + 4 })
    }

    /// (mode, owner, refused): owner nil is the test's own uid.
    @Test(
        arguments: [
            (0o755, nil, false), (0o700, nil, false), (0o775, nil, true), (0o757, nil, true), (0o777, nil, true),
            (0o1777, nil, false), (0o1777, 0, false), (0o1777, 4321, true), (0o755, 4321, true),
        ] as [(Int, UInt32?, Bool)]
    )
    func anExportFolderWritableByOthersIsRefused(_ mode: Int, _ owner: UInt32?, _ refused: Bool) throws {
        let (folder, _) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        if let owner {
            guard geteuid() == 0 else {
                print("skipped: owner \(owner) needs root to chown")
                return
            }
            #expect(chown(folder, owner, 0) == 0)
        }
        #expect(chmod(folder, mode_t(mode)) == 0)
        let problem = ExportFile(target: .litellm, path: folder + "/config.yaml").problem()
        #expect((problem != nil) == refused, "\(String(mode, radix: 8)) \(String(describing: owner)): \(problem ?? "accepted")")
        if let problem { #expect(problem.contains("writable by others") && !problem.contains("\n")) }
    }

    @Test func anExportPathThatIsAFolderIsRefused() throws {
        let (folder, _) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let problem = ExportFile(target: .terraform, path: folder).problem()
        #expect(problem?.contains("Is a directory") == true, "\(problem ?? "accepted")")
    }

    /// A rename over a device or a pipe replaces it by a file (as root, `-o /dev/null` did that to
    /// /dev/null): refused, and the pipe is still there.
    @Test func aPipeAtTheNameIsRefusedNotReplaced() throws {
        let (folder, _) = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/config.yaml"
        #expect(mkfifo(fifo, 0o600) == 0)
        do {
            try AtomicFile.write(Array("x".utf8), to: fifo)
            Issue.record("written over a pipe")
        } catch {
            #expect(error.notAFile && error.description.contains("not a regular file"))
        }
        var info = stat()
        #expect(lstat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)
        let problem = ExportFile(target: .litellm, path: fifo).problem()
        #expect(problem?.contains("not a regular file") == true, "\(problem ?? "accepted")")
    }
}
