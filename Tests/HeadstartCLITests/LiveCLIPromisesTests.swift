import Foundation
import Testing

/// The client against real daemons and against servers that are not well-behaved daemons.
@Suite struct LiveCLIPromisesTests {
    /// A fake server (Tests/HeadstartCLITests/fake_daemon.py) on a fresh socket.
    final class Fake: Sendable {
        let socket: String
        let process: CLI.Background

        init(_ mode: String, file: String? = nil) throws {
            let folder = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            socket = folder.appendingPathComponent("fake.sock").path
            let script = try #require(Bundle.module.url(forResource: "fake_daemon", withExtension: "py"))
            process = try CLI.startExecutable(URL(fileURLWithPath: "/usr/bin/python3"), [script.path, socket, mode] + (file.map { [$0] } ?? []))
            _ = LiveDaemon.poll(seconds: 30) { self.process.stdoutSoFar.contains("ready") }
        }

        deinit {
            kill(process.process.processIdentifier, SIGKILL)
            process.process.waitUntilExit()
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var mode: String
        var arguments: [String]
        var status: Int32
        var says: String
        var testDescription: String { "\(mode): \(arguments.joined(separator: " "))" }
    }

    static let fakes: [Case] = [
        Case(mode: "html", arguments: ["list"], status: 76, says: "does not speak the Headstart API"),
        Case(mode: "html", arguments: ["submit", "Plans/examples/eu-bank.yaml"], status: 76, says: "does not speak the Headstart API"),
        Case(mode: "html", arguments: ["watch"], status: 76, says: "does not speak the Headstart API"),
        Case(mode: "garbage", arguments: ["list"], status: 76, says: "does not speak the Headstart API"),
        Case(mode: "garbage", arguments: ["recommendations", "x"], status: 76, says: "does not speak the Headstart API"),
        Case(mode: "close", arguments: ["list"], status: 69, says: "closed the connection without answering"),
        Case(mode: "close", arguments: ["catalog"], status: 69, says: "closed the connection without answering"),
        Case(mode: "silent", arguments: ["list", "--timeout", "1"], status: 69, says: "did not answer within 1 s"),
        Case(mode: "silent", arguments: ["watch", "--timeout", "1"], status: 69, says: "did not answer within 1 s"),
        Case(mode: "fail", arguments: ["list"], status: 70, says: "disk I/O error (HTTP 500)"),
        // An error answer that is not a problem document is not the Headstart API's.
        Case(mode: "plain500", arguments: ["list"], status: 76, says: "does not speak the Headstart API"),
        Case(mode: "plain500", arguments: ["delete", "x"], status: 76, says: "does not speak the Headstart API"),
        // A document the client does not understand is refused, naming what is missing, never read as zeros.
        Case(mode: "drifted", arguments: ["list"], status: 76, says: "missing plans[0].status"),
    ]

    @Test(arguments: fakes)
    func aServerThatIsNotADaemonIsNamedForWhatItIs(_ c: Case) throws {
        let fake = try Fake(c.mode)
        let run = try CLI.run(c.arguments + ["--socket", fake.socket])
        #expect(run.status == c.status, "stderr: \(run.stderr)")
        #expect(run.stderr.contains(c.says), "stderr: \(run.stderr)")
        #expect(CLIPromisesTests.isOneHumanLine(run.stderr), "not one human line: \(run.stderr.debugDescription)")
    }

    /// Control characters and line breaks from the daemon never reach the terminal raw.
    static func isClean(_ output: Data, linesFromData: Bool = false) -> Bool {
        !output.contains { $0 == 0x1B || $0 == 0x07 || $0 == 0x0D } && (linesFromData || !String(decoding: output, as: UTF8.self).contains("\nLINE"))
    }

    @Test func hostileTextFromTheDaemonIsShownNotObeyed() throws {
        // A real recommendations document with terminal escapes where the plan name was.
        let plan = try CLI.run(["plan", "Plans/examples/eu-bank.yaml", "--format", "json", "--explain", "--as-of", "2026-11-27"])
        let hostile = plan.stdout.replacingOccurrences(of: "\"rheinbank-ai\"", with: "\"rheinbank\\u001b]0;pwned\\u0007\\r\\nLINE\"")
            .replacingOccurrences(of: "\"advisor-copilot\"", with: "\"advisor\\u001b[31mRED\"")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).json")
        try hostile.write(to: file, atomically: true, encoding: .utf8)
        let fake = try Fake("hostile", file: file.path)
        for arguments in [
            ["list"], ["recommendations", "x"], ["recommendations", "x", "--explain"], ["get", "x"], ["watch"],
            ["explain", "x", "advisor\u{1B}[31mRED", "gpt-5.5"],
        ] {
            let run = try CLI.run(arguments + ["--socket", fake.socket])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(!run.stdout.isEmpty, "\(arguments) printed nothing")
            // `get` prints the stored YAML, whose line feeds are its own lines.
            #expect(
                Self.isClean(run.stdoutBytes, linesFromData: arguments.first == "get"),
                "\(arguments) printed raw control characters: \(run.stdout.debugDescription)"
            )
            #expect(Self.isClean(Data(run.stderr.utf8)), "\(arguments) said raw control characters: \(run.stderr.debugDescription)")
        }
        let watch = try CLI.run(["watch", "--socket", fake.socket])
        #expect(watch.stdout.contains("- 2026-11-27T00:00:00Z resync pruned: reconnect with --since 7"), Comment(rawValue: watch.stdout))
        // JSON stays exact: the escapes are JSON's own.
        let json = try CLI.run(["list", "--format", "json", "--socket", fake.socket])
        #expect(json.stdout.contains("\\u001b"))
    }

    @Test func hostileTextIsRefusedWhereItEnters() throws {
        let daemon = try LiveDaemon()
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let file = daemon.folder.appendingPathComponent("hostile.yaml")
        try
            "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: hostile\nowner: \"\\e]0;pwned\\a\\e[31mRED\\e[0m\\rFAKE\"\nhorizon: 2028-12-31\nworkloads:\n  - { name: w, needs: [codex] }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let submit = try daemon.client(["submit", file.path])
        #expect(submit.status == 65)
        #expect(
            submit.stderr.contains("owner must be one line of text without control characters, found '\\e]0;pwned\\x07\\e[31mRED\\e[0m\\rFAKE'"),
            Comment(rawValue: submit.stderr)
        )
        #expect(Self.isClean(Data(submit.stderr.utf8)))
        let validate = try CLI.run(["validate", file.path])
        #expect(validate.status == 65)
        #expect(Self.isClean(Data(validate.stderr.utf8)))
        #expect(daemon.stop() == 0)
    }

    @Test func watchExits69WhenTheDaemonDiesAnd0OnShutdown() throws {
        let daemon = try LiveDaemon()
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let killed = try CLI.start(["watch", "--socket", daemon.socket])
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.health()["watchers"] as? Int) == 1 })
        daemon.stop(SIGKILL)
        let run = try killed.finish()
        #expect(run.status == 69)
        #expect(run.stderr.contains("the daemon went away"), Comment(rawValue: run.stderr))
        #expect(CLIPromisesTests.isOneHumanLine(run.stderr))

        let again = try LiveDaemon(folder: daemon.folder, socket: daemon.socket, stateDirectory: daemon.stateDirectory)
        try #require(again.waitUntilReady(), Comment(rawValue: again.logText))
        let stopped = try CLI.start(["watch", "--socket", again.socket])
        #expect(LiveDaemon.poll(seconds: 30) { (try? again.health()["watchers"] as? Int) == 1 })
        #expect(again.stop() == 0)
        let clean = try stopped.finish()
        #expect(clean.status == 0, Comment(rawValue: clean.stderr))
        #expect(clean.stdout.contains("shutdown"))
    }

    @Test func clientFailuresAgainstALiveDaemon() throws {
        let daemon = try LiveDaemon(extra: ["--max-plans", "1"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", "Plans/examples/eu-bank.yaml"]).status == 0)
        // The plan limit is a refusal: its reason, exit 1.
        let full = try daemon.client(["submit", "Plans/examples/us-retailer.yaml"])
        #expect(full.status == 1)
        #expect(full.stderr.contains("maximum of 1 plans") && full.stderr.contains("HTTP 507"), Comment(rawValue: full.stderr))
        #expect(CLIPromisesTests.isOneHumanLine(full.stderr))
        // Output that cannot be written: 74 with the reason, for every client command.
        for command in [
            ["list"], ["recommendations", "rheinbank-ai"], ["catalog"], ["get", "rheinbank-ai"], ["replan"],
            ["explain", "rheinbank-ai", "advisor-copilot", "gpt-5.5"], ["watch", "--since", "0"],
        ] {
            let run = try CLIPromisesTests.sh("$HS " + command.joined(separator: " ") + " --socket \(daemon.socket) > /dev/full")
            #expect(run.status == 74, "\(command): \(run.stderr)")
            #expect(run.stderr == "headstart: cannot write to standard output: No space left on device\n", "\(command): \(run.stderr)")
        }
        #expect(daemon.stop() == 0)
    }
}
