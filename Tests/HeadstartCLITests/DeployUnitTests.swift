import Foundation
import Testing

/// The systemd unit's system call filter, checked offline with `systemd-analyze syscall-filter`:
/// it must let through the calls the daemon makes with the flags the unit may be given
/// (`--socket-group` chowns the socket's folder; raising the descriptor limit is prlimit64).
@Suite struct DeployUnitTests {
    /// The system calls a filter item names: a `@group` expanded (groups nest), else itself.
    static func expand(_ item: String, analyze: String) throws -> Set<String> {
        guard item.hasPrefix("@") else { return [item] }
        let run = try CLI.runExecutable(URL(fileURLWithPath: analyze), ["syscall-filter", item])
        var out: Set<String> = []
        for line in run.stdout.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty && !line.hasPrefix("#") {
            if line == item { continue }
            out.formUnion(line.hasPrefix("@") ? try expand(line, analyze: analyze) : [line])
        }
        return out
    }

    /// The calls the unit's `SystemCallFilter=` lines allow, applied in order as systemd does.
    static func allowed(unit: String, analyze: String) throws -> Set<String> {
        var allowed: Set<String> = []
        for line in unit.split(separator: "\n") where line.hasPrefix("SystemCallFilter=") {
            var value = String(line.dropFirst("SystemCallFilter=".count))
            let deny = value.hasPrefix("~")
            if deny { value.removeFirst() }
            let calls = try value.split(separator: " ").reduce(into: Set<String>()) { $0.formUnion(try expand(String($1), analyze: analyze)) }
            if deny { allowed.subtract(calls) } else { allowed.formUnion(calls) }
        }
        return allowed
    }

    @Test func theUnitsFilterLetsThroughWhatTheDaemonCalls() throws {
        guard let analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            print("skipped: systemd-analyze is not installed, so the unit's system call groups cannot be expanded here")
            return
        }
        let unit = try String(contentsOf: CLI.root.appendingPathComponent("Deploy/headstart.service"), encoding: .utf8)
        let allowed = try Self.allowed(unit: unit, analyze: analyze)
        #expect(allowed.count > 100, "the filter expanded to \(allowed.count) calls")
        // chown(2) is fchownat on x86_64's glibc and chown elsewhere; setrlimit(3) is prlimit64.
        for call in ["fchownat", "chown", "fchown", "prlimit64", "bind", "listen", "accept4", "chmod", "fchmodat", "renameat", "openat", "fsync"] {
            #expect(allowed.contains(call), "the unit's filter refuses \(call)")
        }
        // What the hardening means to keep out.
        for call in ["setuid", "mount", "reboot", "init_module", "setpriority"] {
            #expect(!allowed.contains(call), "the unit's filter lets through \(call)")
        }
        #expect(unit.contains("SystemCallErrorNumber=EPERM"))
    }
}
