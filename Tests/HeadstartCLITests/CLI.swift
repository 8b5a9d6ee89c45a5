import Foundation
import Testing

/// Runs the built `headstart` binary as a user would.
enum CLI {
    struct MissingBinary: Error, CustomStringConvertible {
        var description: String { "the headstart binary should be built beside the tests" }
    }

    struct Run {
        var status: Int32
        var stdoutBytes: Data
        var stderr: String
        var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    }

    /// The `headstart` executable next to the test bundle (SwiftPM builds both into one folder).
    static var binary: URL? {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("headstart"),
            Bundle.main.bundleURL.appendingPathComponent("headstart"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("headstart"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// The project's root folder, for the shipped plans.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `headstart arguments` in the project root; output goes to files, so no pipe can fill up.
    static func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        try start(arguments, stdin: stdin).finish()
    }

    /// A client process running in the background, its output going to files.
    final class Background: Sendable {
        let process: Process
        let scratch: URL
        let outURL: URL
        let errURL: URL

        init(process: Process, scratch: URL) {
            self.process = process
            self.scratch = scratch
            self.outURL = scratch.appendingPathComponent("out")
            self.errURL = scratch.appendingPathComponent("err")
        }

        /// What it has written to stdout so far.
        var stdoutSoFar: String { String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self) }

        func finish() throws -> Run {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: scratch) }
            return Run(
                status: process.terminationStatus,
                stdoutBytes: try Data(contentsOf: outURL),
                stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
            )
        }
    }

    /// Runs another program (such as setpriv wrapping headstart) the same way.
    static func runExecutable(_ executable: URL, _ arguments: [String]) throws -> Run {
        try startExecutable(executable, arguments).finish()
    }

    static func startExecutable(_ executable: URL, _ arguments: [String]) throws -> Background {
        try start(arguments, executable: executable)
    }

    /// Starts `headstart arguments` without waiting for it.
    static func start(_ arguments: [String], stdin: String? = nil, executable: URL? = nil) throws -> Background {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let outURL = scratch.appendingPathComponent("out")
        let errURL = scratch.appendingPathComponent("err")
        let inURL = scratch.appendingPathComponent("in")
        for url in [outURL, errURL] { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))
        guard let program = executable ?? binary else { throw MissingBinary() }
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        try process.run()
        return Background(process: process, scratch: scratch)
    }
}
