import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary folder and `pg_ctl`
/// start, listening only on a Unix socket in that folder (no TCP), as an unprivileged user
/// (`nobody` when the tests run as root, since PostgreSQL refuses root). ``stop()`` (or the
/// end of the value) stops it and removes the folder. Needs Debian's `postgresql` package.
public final class PostgresCluster: Sendable {
    /// Why a cluster could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The folder holding the data, the log and the socket.
    public let folder: String
    /// Where clients connect: the socket's folder (`host=` in a PostgreSQL URL).
    public var socketDirectory: String { folder }
    public let port = 5432
    /// The superuser `initdb` made (trust authentication on the socket).
    public let user = "headstart"
    private let bin: String

    /// The folder of `initdb` and `pg_ctl`: on the PATH, else Debian's newest version.
    public static func binaries() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) where FileManager.default.isExecutableFile(atPath: folder + "/initdb") {
            return folder
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let folder = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: folder + "/initdb") { return folder }
        }
        return nil
    }

    public init() throws {
        guard let bin = Self.binaries() else {
            throw Failure(description: "PostgreSQL's initdb was not found on the PATH or in /usr/lib/postgresql: install Debian's postgresql package")
        }
        self.bin = bin
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hs-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if geteuid() == 0 {
            // The folder is the unprivileged user's: PostgreSQL runs as it.
            guard chown(folder, 65534, 65534) == 0 else { throw Failure(description: "cannot give \(folder) to nobody") }
        }
        // A throwaway cluster needs no fsync: without it, clusters started beside the live tests do
        // not stall the disk under them.
        try run("initdb", ["-D", folder + "/data", "-U", user, "--auth=trust", "-E", "UTF8", "--no-instructions", "--no-sync"])
        try run(
            "pg_ctl",
            [
                "-D", folder + "/data", "-l", folder + "/log", "-w", "-t", "60",
                "-o", "-k \(folder) -c listen_addresses='' -c port=\(port) -c unix_socket_permissions=0777 -c fsync=off", "start",
            ]
        )
    }

    deinit {
        stop()
    }

    /// One cluster for the whole test process, started on first use and stopped when the process
    /// exits: a test takes a database of its own on it (``freshDatabase()``), which is much
    /// lighter than a cluster of its own.
    public static func shared() throws -> PostgresCluster {
        try sharedCluster.withLock { cluster in
            if let cluster { return cluster }
            let started = try PostgresCluster()
            cluster = started
            atexit { PostgresCluster.stopShared() }
            return started
        }
    }

    private static let sharedCluster = Mutex<PostgresCluster?>(nil)

    private static func stopShared() {
        sharedCluster.withLock { $0?.stop() }
    }

    /// A new, empty database on this cluster; its name.
    public func freshDatabase() throws -> String {
        let name = "t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        _ = try psql("CREATE DATABASE \(name)")
        return name
    }

    /// Stops the server and removes its folder; a second call does nothing.
    public func stop() {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        _ = try? run("pg_ctl", ["-D", folder + "/data", "-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Restarts the server as `pg_ctl restart -m fast` does: every session is ended, then it
    /// listens again with the same options.
    public func restart() throws {
        try run("pg_ctl", ["-D", folder + "/data", "-l", folder + "/log", "-m", "fast", "-w", "-t", "60", "restart"])
    }

    /// The server's log, for a test's failure message.
    public var log: String {
        (try? String(contentsOfFile: folder + "/log", encoding: .utf8)) ?? ""
    }

    /// Runs `psql` on the cluster's socket with one command; its output, trimmed.
    public func psql(_ command: String, database: String = "postgres") throws -> String {
        try run("psql", ["-h", folder, "-p", String(port), "-U", user, "-d", database, "-Atc", command], asServer: false)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `psql` with `arguments` (a script with `-f`, variables with `-v`) as `user`; its output.
    public func psql(_ arguments: [String], user: String? = nil, database: String = "postgres") throws -> String {
        try run(
            "psql",
            ["-h", folder, "-p", String(port), "-U", user ?? self.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At"] + arguments,
            asServer: false
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not declare: found at run time, a no-op where it is missing.
    private static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    /// Runs a PostgreSQL program, as the unprivileged user when the tests run as root. Spawned and
    /// reaped by hand: `pg_ctl start` leaves the server behind it, and Foundation's `Process`
    /// does not always notice the exit of a child whose own child lives on.
    @discardableResult
    private func run(_ program: String, _ arguments: [String], asServer: Bool = true) throws -> String {
        let executable = FileManager.default.isExecutableFile(atPath: "\(bin)/\(program)") ? "\(bin)/\(program)" : "/usr/bin/\(program)"
        let argv =
            asServer && geteuid() == 0
            ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", executable] + arguments
            : [executable] + arguments
        // One file per call: tests run psql at the same time.
        let output = folder + "/\(program)-\(UUID().uuidString.prefix(8)).out"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        // Nothing else of the test process: the server outlives this call, and a pipe end it
        // inherited (another test's child's stdin) would never see its end of file.
        Self.closeFrom3(&actions)
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // Exited normally with 0: WIFEXITED and WEXITSTATUS by hand, as Glibc's macros are not imported.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(program) \(arguments.joined(separator: " ")) failed (status \(status)): \(text)")
        }
        return text
    }
}
