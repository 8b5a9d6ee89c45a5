import Foundation
import Testing

/// The report in a real browser: headless Chromium (Debian's package; .ci/run installs it) loads
/// the page, and its DOM and a screenshot are checked.
@Suite struct ReportBrowserTests {
    static let chromium = "/usr/bin/chromium"

    @Test func chromiumRendersEveryLaneWithoutErrors() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.chromium), "chromium must be installed (.ci/run installs it)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        let png = folder.appendingPathComponent("report.png")
        let examples = ["Plans/examples/eu-bank.yaml", "Plans/examples/jp-insurer.yaml", "Plans/examples/us-retailer.yaml"]
        let run = try CLI.run(["report"] + examples + ["--html", page.path, "--as-of", "2026-11-26"])
        #expect(run.status == 0, "\(run.stderr)")
        // The expected lanes: one per need of each example plan.
        let needs = try CLI.run(["plan"] + examples + ["--as-of", "2026-11-26", "--format", "json"])
        let documents = try #require(try JSONSerialization.jsonObject(with: needs.stdoutBytes) as? [[String: Any]])
        let expected = documents.reduce(0) { $0 + (($1["recommendations"] as? [Any])?.count ?? 0) }
        #expect(expected >= 10)

        let flags = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
        ]
        let dom = try CLI.runExecutable(URL(fileURLWithPath: Self.chromium), flags + ["--dump-dom", page.absoluteString])
        #expect(dom.status == 0)
        #expect(dom.stdout.components(separatedBy: "<g class=\"lane\"").count - 1 == expected)
        #expect(dom.stdout.contains("</svg>"))
        // No failed loads or script errors: the page has nothing to fetch and no scripts.
        for line in dom.stderr.split(separator: "\n") where !line.contains("dbus") {
            #expect(!line.contains("net::ERR") && !line.contains("Uncaught") && !line.contains("CONSOLE"), "\(line)")
        }

        let shot = try CLI.runExecutable(
            URL(fileURLWithPath: Self.chromium),
            flags + ["--window-size=1000,1400", "--screenshot=\(png.path)", page.absoluteString]
        )
        #expect(shot.status == 0)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // PNG width and height from the IHDR chunk: the window asked for.
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect((width, height) == (1000, 1400))
        #expect(bytes.count > 20_000, "a page of timelines, not a blank one")
    }
}
