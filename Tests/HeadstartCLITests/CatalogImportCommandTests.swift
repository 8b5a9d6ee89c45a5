import Foundation
import HeadstartFormats
import Testing

/// `headstart catalog import` end to end: a folder of listings onto a catalog, the report, and bad input.
@Suite struct CatalogImportCommandTests {
    static let fixtures = CLI.root.appendingPathComponent("Tests/HeadstartFormatsTests/Fixtures")
    static let shared = CLI.root.deletingLastPathComponent().appendingPathComponent("shared/listings")

    static func folder() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aFolderOfListingsBecomesACatalogThatValidates() throws {
        let out = try Self.folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let merged = out.appendingPathComponent("merged.yaml").path
        let run = try CLI.run([
            "catalog", "import", Self.fixtures.appendingPathComponent("listings").path, "--catalog",
            Self.fixtures.appendingPathComponent("listings-base.yaml").path, "--observed-on", "2026-12-02",
            "--report", "json", "-o", merged,
        ])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let report = try JSONDecoder().decode(ImportReport.self, from: Data(run.stdout.utf8))
        #expect(report.changes.count == 5 && report.unknownRegions.count == 1 && report.unknownCapabilities.count == 1)
        let validate = try CLI.run(["validate", merged])
        #expect(validate.status == 0, Comment(rawValue: validate.stderr))
        #expect(try String(contentsOfFile: merged, encoding: .utf8).contains("version: \"base-1+observed-2026-12-02\""))
        // The catalog on standard output, the table on standard error.
        let plain = try CLI.run([
            "catalog", "import", Self.fixtures.appendingPathComponent("listings").path, "--catalog",
            Self.fixtures.appendingPathComponent("listings-base.yaml").path, "--observed-on", "2026-12-02",
        ])
        #expect(plain.stdout == (try String(contentsOfFile: merged, encoding: .utf8)))
        #expect(plain.stderr.hasPrefix("Observed on 2026-12-02: 5 change(s), 1 not listed, 1 unknown capability(ies), 1 unknown region(s)"))
    }

    @Test func theSharedListingsOntoTheShippedCatalog() throws {
        let out = try Self.folder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try CLI.run([
            "catalog", "import", Self.shared.path, "--observed-on", "2026-12-01", "--report", "json", "-o",
            out.appendingPathComponent("c.yaml").path,
        ])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        let report = try JSONDecoder().decode(ImportReport.self, from: Data(run.stdout.utf8))
        #expect(report.changes.contains { $0.change == .added && $0.capability == "gpt-oss-20b" && $0.region == "us-east-2" })
        #expect(report.notListed.contains { $0.capability == "gpt-6-sol" && $0.processing == "global" })
    }

    @Test func badInputIsRefusedWithItsPathAndNothingIsWritten() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("azure"), withIntermediateDirectories: true)
        try #"{"value": [{"model": {"format": "OpenAI", "name": "gpt-5.5", "skus": [{"name": "Standard", "deprecationDate": "2027-13-01"}]}}]}"#
            .write(to: root.appendingPathComponent("azure/swedencentral.json"), atomically: true, encoding: .utf8)
        try "[1, 2".write(to: root.appendingPathComponent("azure/westeurope.json"), atomically: true, encoding: .utf8)
        let merged = root.appendingPathComponent("out.yaml").path
        let run = try CLI.run(["catalog", "import", root.path, "-o", merged])
        #expect(run.status == 65)
        #expect(
            run.stderr.contains("azure/swedencentral.json: value[0].model.skus[0].deprecationDate: not a date: '2027-13-01'"),
            Comment(rawValue: run.stderr)
        )
        #expect(run.stderr.contains("azure/westeurope.json: not JSON"))
        #expect(!FileManager.default.fileExists(atPath: merged))
        // A cloud the catalog lacks.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("ibm"), withIntermediateDirectories: true)
        try #"{"items": []}"#.write(to: root.appendingPathComponent("ibm/dal.json"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: root.appendingPathComponent("azure"))
        let cloud = try CLI.run(["catalog", "import", root.path])
        #expect(cloud.status == 65 && cloud.stderr.contains("cloud 'ibm' is not in the catalog's clouds"), Comment(rawValue: cloud.stderr))
        // A file alone needs its cloud and region; a missing one exits 66.
        #expect(try CLI.run(["catalog", "import", root.appendingPathComponent("ibm/dal.json").path]).status == 64)
        #expect(try CLI.run(["catalog", "import", root.appendingPathComponent("none.json").path]).status == 66)
    }

    /// `-o` on a pipe (or /dev/stdout, /dev/null) writes through it; it is not replaced by a file.
    @Test func anOutputThatIsAPipeIsWrittenThrough() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        guard let binary = CLI.binary else { throw CLI.MissingBinary() }
        let script =
            "mkfifo '\(root.path)/f' && { cat '\(root.path)/f' > '\(root.path)/got' & } && '\(binary.path)' report "
            + "Plans/examples/eu-bank.yaml --html '\(root.path)/f' --as-of 2026-12-01; s=$?; wait; test -p '\(root.path)/f' && echo still-a-pipe; exit $s"
        let run = try CLI.runExecutable(URL(fileURLWithPath: "/bin/bash"), ["-c", "cd '\(CLI.root.path)'; " + script])
        #expect(run.status == 0, Comment(rawValue: run.stderr))
        #expect(run.stdout.contains("still-a-pipe"))
        #expect(try String(contentsOf: root.appendingPathComponent("got"), encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }
}
