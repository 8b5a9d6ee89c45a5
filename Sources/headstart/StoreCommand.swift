import ArgumentParser
import Foundation
import HeadstartStore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `headstart store`: operations on a store itself, with no daemon involved.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Operate on a store directly (the daemon stopped): copy a SQLite store into PostgreSQL.",
        subcommands: [StoreCopyCommand.self]
    )
}

/// `headstart store copy --from SQLITE --to URL`.
struct StoreCopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a daemon's SQLite store into an empty PostgreSQL database, to share it between hosts.",
        discussion: """
            Copies every plan with its kept revisions, the recommendations and placements, the event log under its own \
            revisions (so `watch --since` positions stay valid) and a replaced catalog, in one transaction: all of it or \
            nothing. Plans get --host-name as their owner's host. Stop the daemon first. Exit codes: 0 copied, 64 usage, \
            66 the SQLite file is missing, 73 the target already holds data (nothing written), 75 a daemon is using the \
            SQLite store, 78 a store cannot be opened.
            """
    )

    @Option(help: ArgumentHelp("The SQLite database file (headstart.sqlite in the daemon's state folder).", valueName: "path"))
    var from: String

    @Option(
        help: ArgumentHelp("The PostgreSQL database: postgres://USER@HOST/DATABASE or postgres:///DATABASE?host=/run/postgresql.", valueName: "url")
    )
    var to: String

    @Option(
        name: .customLong("host-name"),
        help: "The host the copied plans were submitted on (their owners' uids are this host's). Default: this machine's host name."
    )
    var hostName: String?

    func validate() throws {
        let target: StoreLocation
        do {
            target = try StoreLocation.parse(to)
        } catch {
            throw ValidationError("--to: \(error.message)")
        }
        guard target.isShared else { throw ValidationError("--to must be a postgres:// URL") }
    }

    func run() async throws {
        let path = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
        guard FileManager.default.fileExists(atPath: path) else {
            Terminal.err("headstart store copy: cannot read \(path): \(String(cString: strerror(ENOENT)))\n")
            throw ExitStatus.noInput
        }
        // The daemon holds this lock while it runs: a copy taken under it would miss its later writes.
        let lockPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("headstart.lock")
        var lock: Int32 = -1
        if FileManager.default.fileExists(atPath: lockPath) {
            do {
                lock = try StateDirectoryLock.take(lockPath)
            } catch {
                Terminal.err("headstart store copy: a daemon is using \(path) (\(lockPath) is locked): stop it first\n")
                throw ExitStatus.tempFail
            }
        }
        defer { if lock >= 0 { close(lock) } }
        guard case .postgres(let database) = try? StoreLocation.parse(to) else { throw ExitStatus.usage }
        var logger = Logger(label: "headstart.store")
        logger.logLevel = .warning
        let source: SQLiteStore
        let target: PostgresStore
        do {
            source = try SQLiteStore(path: path)
        } catch {
            Terminal.err("headstart store copy: cannot open \(path): \(error.message)\n")
            throw ExitCode(78)
        }
        do {
            target = try await PostgresStore(location: database, logger: logger)
        } catch {
            try? await source.close()
            Terminal.err("headstart store copy: cannot open \(database): \(error.message)\n")
            throw ExitCode(78)
        }
        let result: Result<StoreCopy.Counts, StoreError>
        do {
            result = .success(try await StoreCopy(hostName: hostName ?? HostName.ofThisMachine()).copy(from: source, to: target))
        } catch {
            result = .failure(error)
        }
        try? await source.close()
        try? await target.close()
        switch result {
        case .success(let counts):
            try Terminal.out("copied \(counts) from \(path) to \(database)\n")
        case .failure(let error):
            Terminal.err("headstart store copy: \(error.message)\n")
            throw error.code == .notEmpty ? ExitStatus.cannotCreate : ExitCode(78)
        }
    }
}
