import Foundation
import Testing

/// The command line keeps the README's promises: each failure exits with its code and says so
/// in exactly one line for people, with no Swift type name; a closed pipe ends quietly.
@Suite struct CLIPromisesTests {
    /// `headstart socket` prints the path a client would use, so curl can be pointed at it.
    @Test func socketPrintsTheClientsPath() throws {
        #expect(try CLI.run(["socket", "--socket", "/tmp/some/hs.sock"]).stdout == "/tmp/some/hs.sock\n")
        let binary = try #require(CLI.binary)
        let named = try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/env"), ["HEADSTART_SOCKET=/tmp/named.sock", binary.path, "socket"])
        #expect(named.stdout == "/tmp/named.sock\n")
        let runtime = try CLI.runExecutable(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["-u", "HEADSTART_SOCKET", "XDG_RUNTIME_DIR=/run/user/7", binary.path, "socket"]
        )
        #expect(runtime.stdout == "/run/user/7/headstart/headstart.sock\n")
    }

    /// A shell line run with `$HS` naming the headstart binary, in the project root.
    static func sh(_ script: String) throws -> CLI.Run {
        guard let binary = CLI.binary else { throw CLI.MissingBinary() }
        return try CLI.runExecutable(URL(fileURLWithPath: "/bin/bash"), ["-c", "HS='\(binary.path)'; cd '\(CLI.root.path)'; " + script])
    }

    /// One non-empty line, ending in a newline, with no Swift type name or Foundation error code.
    static func isOneHumanLine(_ text: String, lines count: Int = 1) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == count + 1, lines.last?.isEmpty == true, !lines[0].isEmpty else { return false }
        let leaks = [#"\b[A-Za-z]+\.[A-Z][A-Za-z]+\b"#, #"[A-Z][A-Za-z]*(Error|Failed)\b"#, "NSCocoaErrorDomain", #"error \d+\."#, #"^Error: "#]
        return !leaks.contains { text.range(of: $0, options: .regularExpression) != nil }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var script: String
        var status: Int32
        var says: String
        /// validate always ends with its count line.
        var lines = 1
        var testDescription: String { script }
    }

    static let offline: [Case] = [
        Case(script: "$HS plan Plans", status: 66, says: "Plans:1:1: error: cannot read file: Is a directory"),
        Case(script: "$HS plan no/such.yaml", status: 66, says: "no/such.yaml:1:1: error: cannot read file: No such file or directory"),
        Case(script: "$HS validate Plans", status: 66, says: "cannot read file: Is a directory", lines: 2),
        Case(script: "$HS plan Plans/examples/eu-bank.yaml --catalog Plans", status: 66, says: "Plans:1:1: error: cannot read file: Is a directory"),
        Case(
            script: "$HS report Plans/examples/eu-bank.yaml --html Plans",
            status: 73,
            says: "Plans: error: cannot write the report: Is a directory"
        ),
        Case(
            script: "$HS report Plans/examples/eu-bank.yaml --html /no/such/dir/r.html",
            status: 73,
            says: "cannot write the report: No such file or directory"
        ),
        Case(script: "$HS explain ./missing.yaml w c", status: 66, says: "./missing.yaml:1:1: error: cannot read file: No such file or directory"),
        Case(script: "$HS explain /tmp/no-such-plan.yaml w c", status: 66, says: "/tmp/no-such-plan.yaml:1:1: error: cannot read file"),
        Case(script: "$HS explain missing.yml w c", status: 66, says: "missing.yml:1:1: error: cannot read file"),
        Case(script: "$HS get ''", status: 64, says: "the plan name '' is not valid"),
        Case(script: "$HS get '' --format json", status: 64, says: "the plan name '' is not valid"),
        Case(script: "$HS recommendations ''", status: 64, says: "the plan name '' is not valid"),
        Case(script: "$HS explain '' w c", status: 64, says: "the plan name '' is not valid"),
        Case(script: "$HS delete '../x'", status: 64, says: "the plan name '../x' is not valid"),
        Case(script: "$HS replan 'a b'", status: 64, says: "the plan name 'a b' is not valid"),
        Case(script: "$HS serve --socket ''", status: 64, says: "--socket must not be empty"),
        Case(script: "$HS list --socket ''", status: 64, says: "--socket must not be empty"),
        Case(script: "$HS list --timeout 0", status: 64, says: "--timeout must be between"),
        // A misspelt command is named, with the likely one (it said "2 unexpected arguments").
        Case(script: "$HS plna Plans/examples/eu-bank.yaml x", status: 64, says: "unknown command 'plna' (did you mean 'plan'?)"),
        Case(script: "$HS frobnicate", status: 64, says: "unknown command 'frobnicate' (see 'headstart --help')"),
        Case(
            script: "$HS serve --socket /tmp/hs-promise.sock --state-dir /tmp/hs-promise --plans /no/such/folder",
            status: 66,
            says: "cannot read the plans folder /no/such/folder: No such file or directory"
        ),
        Case(
            script: "$HS serve --socket /tmp/hs-promise.sock --state-dir /tmp/hs-promise --catalog /no/such/catalog.yaml",
            status: 66,
            says: "cannot read the catalog /no/such/catalog.yaml: No such file or directory"
        ),
        Case(script: "$HS list --socket /tmp/no-such-daemon.sock", status: 69, says: "no daemon is listening on /tmp/no-such-daemon.sock"),
        Case(script: "$HS schema plan > /dev/full", status: 74, says: "cannot write to standard output: No space left on device"),
        Case(
            script: "$HS plan Plans/examples/eu-bank.yaml > /dev/full",
            status: 74,
            says: "cannot write to standard output: No space left on device"
        ),
        Case(script: "$HS schedule '@daily' > /dev/full", status: 74, says: "cannot write to standard output: No space left on device"),
        Case(script: "$HS explain Plans/examples/eu-bank.yaml advisor-copilot gpt-5.5 > /dev/full", status: 74, says: "No space left on device"),
        Case(script: "$HS report Plans/examples/eu-bank.yaml --html - > /dev/full", status: 74, says: "No space left on device"),
        Case(script: "$HS validate Plans/examples/eu-bank.yaml --format json > /dev/full", status: 74, says: "No space left on device"),
        // Standard error goes through a pipe here: the file-size limit would stop the message too.
        Case(
            script: "( ulimit -f 0; exec $HS schema plan > /tmp/hs-promise-$$.json ) 2>&1 | cat >&2; exit ${PIPESTATUS[0]}",
            status: 74,
            says: "cannot write to standard output: File too large"
        ),
    ]

    @Test(arguments: offline)
    func eachFailureExitsWithItsCodeAndOneLine(_ c: Case) throws {
        let run = try Self.sh(c.script)
        #expect(run.status == c.status, "stderr: \(run.stderr)")
        #expect(run.stderr.contains(c.says), "stderr: \(run.stderr)")
        #expect(Self.isOneHumanLine(run.stderr, lines: c.lines), "not one human line: \(run.stderr.debugDescription)")
    }

    @Test func aClosedPipeEndsQuietly() throws {
        // Far more than a pipe holds, so the writer meets the closed pipe.
        let run = try Self.sh(
            "set -o pipefail; $HS plan Plans/examples/*.yaml --explain --format json 2>/tmp/hs-pipe-$$.err | head -c1 >/dev/null; "
                + "echo status=$?; cat /tmp/hs-pipe-$$.err; rm -f /tmp/hs-pipe-$$.err"
        )
        #expect(run.stdout.hasPrefix("status=141\n") || run.stdout.hasPrefix("status=0\n"), Comment(rawValue: run.stdout))
        #expect(run.stdout.split(separator: "\n").count == 1, "something was said about the closed pipe: \(run.stdout)")
    }

    @Test func everyFileIsReportedWhenOneCannotBeRead() throws {
        let plan = try Self.sh("$HS plan no/such.yaml Tests/HeadstartFormatsTests/Fixtures/bad-dates.yaml")
        #expect(plan.status == 66)
        #expect(plan.stderr.contains("no/such.yaml:1:1: error: cannot read file: No such file or directory"))
        #expect(plan.stderr.contains("bad-dates.yaml:4:10: error:"), Comment(rawValue: plan.stderr))
        let validate = try Self.sh("$HS validate no/such.yaml Plans/examples/eu-bank.yaml --format json")
        #expect(validate.status == 66)
        let object = try #require(try JSONSerialization.jsonObject(with: validate.stdoutBytes) as? [String: Any], Comment(rawValue: validate.stdout))
        let diagnostics = object["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.contains { $0["code"] as? String == "unreadable" && $0["file"] as? String == "no/such.yaml" })
        #expect((object["files"] as? [[String: Any]])?.count == 2)
    }

    @Test func validateNamesBothKinds() throws {
        let run = try Self.sh("printf 'apiVersion: headstart/v1\\nkind: Foo\\n' | $HS validate -")
        #expect(run.status == 65)
        #expect(run.stderr.contains("kind must be WorkloadPlan or Catalog, found 'Foo'"), Comment(rawValue: run.stderr))
    }
}
