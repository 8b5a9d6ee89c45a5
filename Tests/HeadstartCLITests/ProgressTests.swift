import Foundation
import Testing

/// Progress shows on a terminal for work that takes a while, and never when output is piped.
@Suite struct ProgressTests {
    @Test func aLargePlanShowsProgressOnATerminalOnly() throws {
        let binary = try #require(CLI.binary)
        let gen = binary.deletingLastPathComponent().appendingPathComponent("headstart-gen")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headstart-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let catalog = folder.appendingPathComponent("catalog.yaml")
        let plan = folder.appendingPathComponent("plan.yaml")
        try CLI.runExecutable(gen, ["catalog"]).stdoutBytes.write(to: catalog)
        try CLI.runExecutable(gen, ["plan", "--workloads", "2000"]).stdoutBytes.write(to: plan)
        let arguments = ["plan", plan.path, "--catalog", catalog.path, "--format", "summary", "--as-of", "2026-11-26"]

        // stderr is a file here, as when piped; no display delay, so only the terminal check holds it back.
        let piped = try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/env"), ["HEADSTART_PROGRESS_DELAY_MS=0", binary.path] + arguments)
        #expect(piped.status == 0)
        #expect(piped.stderr.isEmpty)

        // script(1) gives the command a terminal; what it drew lands in script's output.
        // No display delay, so the test does not depend on how long planning takes.
        let command = "HEADSTART_PROGRESS_DELAY_MS=0 " + ([binary.path] + arguments).joined(separator: " ") + " > /dev/null"
        let terminal = try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        #expect(terminal.status == 0)
        #expect(terminal.stdout.contains("headstart: planning 2000 workloads"), "\(terminal.stdout.prefix(500))")
        // The line is rubbed out at the end: the last thing drawn is the erase sequence.
        #expect(terminal.stdout.hasSuffix("\r\u{1B}[K"))
    }
}
