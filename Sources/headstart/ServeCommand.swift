import ArgumentParser
import Foundation
import HeadstartAPI
import HeadstartSchedule
import HeadstartServer
import HeadstartStore
import HeadstartYAML
import Logging

/// `headstart serve`: the daemon.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the daemon: the HTTP API on a Unix socket, the store, the watch stream.",
        discussion: """
            Stops gracefully on SIGTERM or SIGINT. Exit codes: 0 stopped, 64 bad options (among them --catalog with a \
            shared store), 65 invalid --catalog, 66 --catalog missing or unreadable, 70 stopped on an error while running, \
            71 cannot listen on the socket, 73 cannot create a folder or file, 75 another daemon is running, 78 bad socket \
            path or unusable store.

            With --store postgres://... several daemons, one per host, share one database: one plan list, one catalog, \
            one event log. One of them (the leader, see /healthz) runs the scheduled re-plans; watchers on every host see \
            every event.
            """
    )

    @OptionGroup var socket: SocketOption
    @OptionGroup(title: "Limits") var limits: LimitOptions

    @Option(
        name: .customLong("state-dir"),
        help: "Folder for the database and the lock. Default: $XDG_STATE_HOME/headstart, /var/lib/headstart for root, else ~/.local/state/headstart."
    )
    var stateDirectory: String?

    @Option(
        help: ArgumentHelp(
            "Where plans, events and the catalog are kept: postgres://USER@HOST/DATABASE (TCP), postgres:///DATABASE?host=/run/postgresql (a Unix socket folder) or sqlite:PATH. Default: $HEADSTART_STORE, else headstart.sqlite in the state folder.",
            valueName: "url"
        )
    )
    var store: String?

    @Option(
        name: .customLong("host-name"),
        help: "This host's name in a shared store, where plans are owned by (host, uid). Default: the machine's host name."
    )
    var hostName: String?

    @Option(help: "Catalog file replacing the built-in one at start-up (not with a shared store: use `headstart catalog replace`).")
    var catalog: String?

    @Option(help: "Submit every *.yaml in this folder at start-up and whenever one changes.")
    var plans: String?

    @Option(
        help: ArgumentHelp(
            "Keep the clouds' listings laid out CLOUD/REGION[.NAME].json here (Deploy/listings writes them): each is read at start-up and whenever it changes, and merged onto the catalog.",
            valueName: "folder"
        )
    )
    var listings: String?

    @Option(
        name: .customLong("export"),
        help: ArgumentHelp(
            "Keep a file current with every stored plan's placements: litellm=PATH (a LiteLLM proxy config) or terraform=PATH (Terraform JSON); rewritten atomically when the placements change. Repeatable.",
            valueName: "target=path"
        )
    )
    var exports: [String] = []

    @Option(name: .customLong("plans-poll-seconds"), help: "How often the plans and listings folders are checked, in seconds.")
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

    /// `--store`, else `HEADSTART_STORE`; nil for the default SQLite file.
    var storeText: String? {
        store ?? ProcessInfo.processInfo.environment["HEADSTART_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        if let storeText {
            let location: StoreLocation
            do {
                location = try StoreLocation.parse(storeText)
            } catch {
                throw ValidationError("--store: \(error.message)")
            }
            if location.isShared, let catalog {
                throw ValidationError(
                    "--catalog \(catalog) cannot be used with a shared store: the catalog lives in the database; "
                        + "replace it with `headstart catalog replace FILE` (as an administrator, on any host)"
                )
            }
        }
        for export in exports {
            let parts = export.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, ExportTarget(rawValue: parts[0]) != nil, !parts[1].isEmpty else {
                throw ValidationError("--export '\(export)' must be litellm=PATH or terraform=PATH")
            }
        }
        if let hostName, hostName.isEmpty || hostName.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ValidationError("--host-name must be a name without spaces")
        }
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
        // A plans or listings folder that is not there is refused at start, not logged every poll.
        for (what, folder) in [("plans", plans), ("listings", listings)] {
            guard let folder else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
                Terminal.err("headstart serve: cannot read the \(what) folder \(folder): \(String(cString: strerror(ENOENT)))\n")
                throw ExitStatus.noInput
            }
            guard isDirectory.boolValue else {
                Terminal.err("headstart serve: cannot read the \(what) folder \(folder): \(String(cString: strerror(ENOTDIR)))\n")
                throw ExitStatus.noInput
            }
        }
        var logger = Logger(label: "headstart")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = DaemonConfiguration(
            socketPath: socket.resolved,
            stateDirectory: stateDirectory ?? SocketPath.stateDirectory(),
            store: try storeText.map { try StoreLocation.parse($0) },
            hostName: hostName ?? HostName.ofThisMachine(),
            catalogPath: catalog,
            plansDirectory: plans,
            plansPollInterval: .milliseconds(Int(plansPollSeconds * 1000)),
            replanSchedule: replanSchedule,
            timeZone: TimeZone(identifier: timeZone) ?? .gmt,
            adminGID: adminGroup.flatMap(AccessPolicy.gid(of:)),
            socketGID: socketGroup.flatMap(AccessPolicy.gid(of:)),
            limits: limits.value,
            now: { [offset = clockOffsetSeconds] in Date().addingTimeInterval(offset) }
        )
        configuration.listingsDirectory = listings
        configuration.exports = exports.compactMap { export in
            let parts = export.split(separator: "=", maxSplits: 1).map(String.init)
            return ExportTarget(rawValue: parts[0]).map { ExportFile(target: $0, path: parts[1]) }
        }
        // The folder must be there, writable and safe now, not at the first change.
        for file in configuration.exports {
            if let problem = file.problem() {
                Terminal.err("headstart serve: \(problem)\n")
                throw ExitStatus.cannotCreate
            }
        }
        do {
            try await Daemon(configuration: configuration, logger: logger, version: Headstart.version).run()
        } catch {
            Terminal.err("headstart serve: \(error.message)\n")
            throw ExitCode(error.exitCode)
        }
    }
}

/// Every daemon limit as a flag, defaulting to ``DaemonLimits``'s defaults.
struct LimitOptions: ParsableArguments {
    @Option(name: .customLong("max-body-bytes"), help: "Largest request body (413).")
    var maxBodyBytes = DaemonLimits().maxBodyBytes
    @Option(name: .customLong("max-header-bytes"), help: "Largest request line and header block (431).")
    var maxHeaderBytes = DaemonLimits().maxHeaderBytes
    @Option(name: .customLong("max-headers"), help: "Most header fields per request (431).")
    var maxHeaders = DaemonLimits().maxHeaderCount
    @Option(name: .customLong("max-connections"), help: "Most connections at once; the descriptor limit is raised to fit.")
    var maxConnections = DaemonLimits().maxConnections
    @Option(
        name: .customLong("max-connections-per-uid"),
        help: "Most connections one uid may hold (root, the daemon's uid and --admin-group exempt)."
    )
    var maxConnectionsPerUID = DaemonLimits().maxConnectionsPerUID
    @Option(name: .customLong("max-watchers-per-uid"), help: "Most event streams one uid may hold (429), exempt as connections are.")
    var maxWatchersPerUID = DaemonLimits().maxWatchersPerUID
    @Option(name: .customLong("idle-timeout-seconds"), help: "Close a connection idle this long.")
    var idleTimeoutSeconds: Double = 60
    @Option(name: .customLong("header-timeout-seconds"), help: "Close a connection whose first request head takes longer.")
    var headerTimeoutSeconds: Double = 10
    @Option(name: .customLong("watch-buffer"), help: "Events buffered per watcher before it must resync.")
    var watchBuffer = DaemonLimits().watchBuffer
    @Option(name: .customLong("max-plans"), help: "Most plans stored (507).")
    var maxPlans = DaemonLimits().maxPlans
    @Option(name: .customLong("revisions-kept"), help: "Revisions kept per plan.")
    var revisionsKept = DaemonLimits().revisionsPerPlan
    @Option(name: .customLong("events-kept"), help: "Events kept in the log.")
    var eventsKept = DaemonLimits().eventsKept
    @Option(name: .customLong("yaml-max-depth"), help: "Deepest nesting in a submitted document.")
    var yamlMaxDepth = DaemonLimits().yaml.maxDepth
    @Option(name: .customLong("yaml-max-nodes"), help: "Most nodes in a submitted document, aliases expanded.")
    var yamlMaxNodes = DaemonLimits().yaml.maxNodes
    @Option(name: .customLong("yaml-max-aliases"), help: "Most aliases in a submitted document.")
    var yamlMaxAliases = DaemonLimits().yaml.maxAliases
    @Option(name: .customLong("yaml-max-scalar-bytes"), help: "Longest scalar in a submitted document.")
    var yamlMaxScalarBytes = DaemonLimits().yaml.maxScalarBytes

    func validate() throws {
        let counts = [
            maxBodyBytes, maxHeaderBytes, maxHeaders, maxConnections, maxConnectionsPerUID, maxWatchersPerUID, watchBuffer, maxPlans, revisionsKept,
            eventsKept,
            yamlMaxDepth, yamlMaxNodes, yamlMaxAliases, yamlMaxScalarBytes,
        ]
        guard counts.allSatisfy({ $0 > 0 }), idleTimeoutSeconds > 0, headerTimeoutSeconds > 0 else {
            throw ValidationError("every limit must be above 0")
        }
    }

    var value: DaemonLimits {
        DaemonLimits(
            maxBodyBytes: maxBodyBytes,
            maxHeaderBytes: maxHeaderBytes,
            maxHeaderCount: maxHeaders,
            maxConnections: maxConnections,
            maxConnectionsPerUID: maxConnectionsPerUID,
            maxWatchersPerUID: maxWatchersPerUID,
            idleTimeout: .milliseconds(Int64(idleTimeoutSeconds * 1000)),
            headerTimeout: .milliseconds(Int64(headerTimeoutSeconds * 1000)),
            watchBuffer: watchBuffer,
            maxPlans: maxPlans,
            revisionsPerPlan: revisionsKept,
            eventsKept: eventsKept,
            yaml: YAMLLimits(
                maxInputBytes: maxBodyBytes,
                maxDepth: yamlMaxDepth,
                maxNodes: yamlMaxNodes,
                maxAliases: yamlMaxAliases,
                maxScalarBytes: yamlMaxScalarBytes
            )
        )
    }
}
