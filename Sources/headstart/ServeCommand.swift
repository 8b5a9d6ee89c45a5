import ArgumentParser
import Foundation
import HeadstartSchedule
import HeadstartServer
import Logging

/// `headstart serve`: the daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: the HTTP API on a Unix socket, the store, the watch stream.",
        discussion: """
            Stops gracefully on SIGTERM or SIGINT. Exit codes: 0 stopped, 65 invalid --catalog, \
            73 cannot create a folder or file, 75 another daemon is running, 78 bad socket path or unusable store.
            """
    )

    @OptionGroup var socket: SocketOption

    @Option(name: .customLong("state-dir"), help: "Folder for the database and the lock. Default: $XDG_STATE_HOME/headstart, /var/lib/headstart for root, else ~/.local/state/headstart.")
    var stateDirectory: String?

    @Option(help: "Catalog file replacing the built-in one at start-up.")
    var catalog: String?

    @Option(help: "Submit every *.yaml in this folder at start-up and whenever one changes.")
    var plans: String?

    @Option(name: .customLong("plans-poll-seconds"), help: "How often the plans folder is checked, in seconds.")
    var plansPollSeconds: Double = 2

    @Option(name: .customLong("replan-schedule"), help: "Cron schedule for plans without a schedule of their own.")
    var replanSchedule: String = "@daily"

    @Option(name: .customLong("time-zone"), help: "IANA zone schedules are read in, unless a plan names its own timeZone.")
    var timeZone: String = "UTC"

    @Option(name: .customLong("admin-group"), help: "Members of this group may read and change every plan and replace the catalog.")
    var adminGroup: String?

    @Option(name: .customLong("socket-group"), help: "Group of the socket and its directory (mode 0660 and 0750), so its members can connect.")
    var socketGroup: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    /// Shifts the daemon's clock, so tests can start it "after" a missed run without waiting.
    @Option(name: .customLong("clock-offset-seconds"), help: .hidden)
    var clockOffsetSeconds: Double = 0

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        guard plansPollSeconds > 0, plansPollSeconds <= 3600 else { throw ValidationError("--plans-poll-seconds must be between 0 and 3600") }
        for (flag, group) in [("--admin-group", adminGroup), ("--socket-group", socketGroup)] {
            if let group, AccessPolicy.gid(of: group) == nil { throw ValidationError("\(flag): no group named '\(group)'") }
        }
        guard let zone = TimeZone(identifier: timeZone) else { throw ValidationError("--time-zone '\(timeZone)' is not an IANA time zone") }
        do {
            _ = try CronSchedule(replanSchedule, timeZone: zone)
        } catch {
            throw ValidationError("--replan-schedule '\(replanSchedule)': \(error)")
        }
    }

    func run() async throws {
        var logger = Logger(label: "headstart")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let configuration = DaemonConfiguration(
            socketPath: socket.resolved,
            stateDirectory: stateDirectory ?? DaemonConfiguration.defaultStateDirectory(),
            catalogPath: catalog,
            plansDirectory: plans,
            plansPollInterval: .milliseconds(Int(plansPollSeconds * 1000)),
            replanSchedule: replanSchedule,
            timeZone: TimeZone(identifier: timeZone) ?? .gmt,
            adminGID: adminGroup.flatMap(AccessPolicy.gid(of:)),
            socketGID: socketGroup.flatMap(AccessPolicy.gid(of:)),
            now: { [offset = clockOffsetSeconds] in Date().addingTimeInterval(offset) }
        )
        do {
            try await Daemon(configuration: configuration, logger: logger, version: Headstart.version).run()
        } catch {
            Terminal.err("headstart serve: \(error.message)\n")
            throw ExitCode(error.exitCode)
        }
    }
}

/// `--socket`, shared by the daemon and its clients.
struct SocketOption: ParsableArguments {
    @Option(help: "The daemon's socket. Default: $HEADSTART_SOCKET, else $XDG_RUNTIME_DIR/headstart/headstart.sock, else /run/headstart/headstart.sock for root.")
    var socket: String?

    var resolved: String { socket ?? DaemonConfiguration.defaultSocketPath() }
}
