import Foundation
import Testing

/// Access rules on a live daemon with real peers of different uids: throwaway users created
/// here, clients run as them through `setpriv`.
@Suite(.enabled(if: getuid() == 0, "creates throwaway users and groups and switches to them: needs root"))
struct LiveAccessTests {
    /// alice and bob are in the socket's group; carol is too, and an administrator through a
    /// supplementary group; dave is in neither.
    static let users: Bool = {
        func sh(_ command: String) -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", command]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return -1 }
            p.waitUntilExit()
            return p.terminationStatus
        }
        var ok = sh("getent group hs-team >/dev/null || groupadd hs-team") == 0
        ok = ok && sh("getent group hs-admins >/dev/null || groupadd hs-admins") == 0
        for (user, groups) in [("hs-alice", "hs-team"), ("hs-bob", "hs-team"), ("hs-carol", "hs-team,hs-admins"), ("hs-dave", "")] {
            ok = ok && sh("id \(user) >/dev/null 2>&1 || useradd -M -U -s /usr/sbin/nologin \(user)") == 0
            if !groups.isEmpty { ok = ok && sh("usermod -aG \(groups) \(user)") == 0 }
        }
        return ok
    }()

    func client(_ user: String, _ daemon: LiveDaemon, _ arguments: [String]) throws -> CLI.Run {
        guard let binary = CLI.binary else { throw CLI.MissingBinary() }
        return try CLI.runExecutable(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            ["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", binary.path] + arguments + ["--socket", daemon.socket]
        )
    }

    @Test func eachUserSeesOnlyWhatItMayAndOutsidersCannotConnect() throws {
        try #require(Self.users, "could not create the test users")
        let daemon = try LiveDaemon(extra: ["--socket-group", "hs-team", "--admin-group", "hs-admins", "--log-level", "debug"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let socket = try FileManager.default.attributesOfItem(atPath: daemon.socket)
        let folder = try FileManager.default.attributesOfItem(atPath: (daemon.socket as NSString).deletingLastPathComponent)
        #expect((socket[.posixPermissions] as? Int) == 0o660)
        #expect((folder[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o750)
        #expect(socket[.groupOwnerAccountName] as? String == "hs-team")
        #expect(folder[.groupOwnerAccountName] as? String == "hs-team")

        #expect(try client("hs-alice", daemon, ["submit", "Plans/examples/eu-bank.yaml"]).status == 0)
        #expect(try client("hs-alice", daemon, ["get", "rheinbank-ai"]).status == 0)

        let bobList = try client("hs-bob", daemon, ["list", "--format", "json"])
        #expect(bobList.status == 0)
        #expect(bobList.stdout.contains("\"plans\": []"))
        let bobGet = try client("hs-bob", daemon, ["get", "rheinbank-ai"])
        #expect(bobGet.status == 1)
        #expect(bobGet.stderr.contains("no plan named 'rheinbank-ai'"))
        #expect(try client("hs-bob", daemon, ["submit", "Plans/examples/eu-bank.yaml"]).status == 1)
        #expect(try client("hs-bob", daemon, ["delete", "rheinbank-ai"]).status == 1)
        let bobCatalog = try client("hs-bob", daemon, ["catalog", "replace", "Plans/catalog.yaml"])
        #expect(bobCatalog.status == 1)
        #expect(bobCatalog.stderr.contains("HTTP 403"))

        // carol administers through a supplementary group.
        #expect(try client("hs-carol", daemon, ["get", "rheinbank-ai"]).status == 0)
        #expect(try client("hs-carol", daemon, ["catalog", "replace", "Plans/catalog.yaml"]).status == 0)

        let dave = try client("hs-dave", daemon, ["list"])
        #expect(dave.status == 77)
        #expect(dave.stderr.hasPrefix("headstart: permission denied on"))

        let bobWatch = try CLI.startExecutable(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            [
                "--reuid=hs-bob", "--regid=hs-bob", "--init-groups", "--", try #require(CLI.binary).path,
                "watch", "--since", "0", "--format", "json", "--socket", daemon.socket,
            ]
        )
        #expect(LiveDaemon.poll(seconds: 30) { daemon.logText.contains("path=/v1/events status=200") })
        #expect(daemon.stop() == 0)
        let seen = try bobWatch.finish().stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(seen == ["catalog-replaced", "shutdown"])
        // The log names each caller's uid, from the socket.
        #expect(daemon.logText.contains("path=/v1/plans/rheinbank-ai status=201"))
    }
}
