import ArgumentParser
import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartYAML
import NIOHTTP1

/// `headstart submit FILE...`
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "submit", abstract: "Store and plan workload plans in the daemon.")

    @OptionGroup var connection: ClientOptions
    @Argument(help: "Workload plan files (YAML).") var files: [String]

    func run() async throws {
        let client = connection.client
        var failure: ExitCode?
        for file in files {
            let bytes = try PlanCommand.readInput(file)
            let name = Self.planName(bytes) ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let path = "/v1/plans/" + (name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name)
            let reply = try await client.send(.PUT, path, body: Data(bytes))
            guard reply.status == 200 || reply.status == 201 else {
                do { try DaemonClient.fail(reply, file: file) } catch let code as ExitCode { failure = failure ?? code }
                continue
            }
            let stored = try reply.decode(PlanStoredBody.self, socket: client.socketPath)
            let counts = try StatusCounts(stored.recommendations.value?.summary ?? [:], socket: client.socketPath)
            try Terminal.out("\(file): plan \(name) revision \(stored.revision) \(reply.status == 201 ? "created" : "stored") (\(counts.text))\n")
        }
        if let failure { throw failure }
    }

    /// The plan's `name:` if the file is YAML with one; the daemon validates the rest.
    static func planName(_ bytes: [UInt8]) -> String? {
        guard let root = try? YAMLComposer().singleDocument(bytes) else { return nil }
        return root.value(forKey: "name")?.scalarText
    }
}

/// `headstart list`
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the daemon's plans.")

    @OptionGroup var connection: ClientOptions
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() async throws {
        let client = connection.client
        let reply = try await client.send(.GET, "/v1/plans")
        guard reply.status == 200 else { try DaemonClient.fail(reply) }
        if format == .json { return try Terminal.out(reply.body) }
        let list = try reply.decode(PlanListBody.self, socket: client.socketPath)
        var rows = [["NAME", "REV", "OWNER", "UPDATED", "PLACED", "WAITING", "LATE", "UNPLACEABLE", "NEXT RE-PLAN", "WHY", "STATUS"]]
        for p in list.plans {
            // A plan never planned has no counts: zeros, as it has nothing placed.
            let counts = try p.summary.map { try StatusCounts($0, socket: client.socketPath) } ?? .none
            rows.append([
                p.name, "\(p.revision)", p.owner ?? "-", String(Timestamp.string(p.updated).prefix(19)),
                "\(counts[.placed])", "\(counts[.waiting])", "\(counts[.late])", "\(counts[.unplaceable])",
                p.nextReplanAt ?? "-", p.nextReplanAt == nil ? "-" : p.nextReplanReason?.words ?? "-", p.status.rawValue,
            ])
        }
        try Terminal.out(Columns.render(rows))
        // The plans folder's files the daemon could not store (shown to administrators).
        for skipped in list.skippedPlanFiles ?? [] {
            Terminal.err(
                "headstart: warning: \(TerminalText.visible(skipped.file)) in the plans folder was not stored: \(TerminalText.visible(skipped.errors.first ?? ""))"
                    + (skipped.errors.count > 1 ? " (and \(skipped.errors.count - 1) more)" : "") + "\n"
            )
        }
    }
}

/// `headstart get NAME [--revision N]`
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print a stored plan's YAML (the latest revision unless --revision)."
    )

    @OptionGroup var connection: ClientOptions
    @Argument(help: "Plan name.") var name: String
    @Option(help: "An older revision.") var revision: Int?
    @Option(help: "yaml (the plan as submitted) or json (with its metadata).") var format: GetFormat = .yaml

    enum GetFormat: String, ExpressibleByArgument, CaseIterable { case yaml, json }

    func validate() throws { try PlanName.check(name) }

    func run() async throws {
        let query = revision.map { "?revision=\($0)" } ?? ""
        let reply = try await connection.client.send(.GET, "/v1/plans/\(Paths.escape(name))\(query)")
        guard reply.status == 200 else { try DaemonClient.fail(reply) }
        if format == .json { return try Terminal.out(reply.body) }
        try Terminal.out(try reply.decode(PlanBody.self, socket: connection.socket.resolved).yaml)
    }
}

/// `headstart recommendations NAME [--as-of DATE]`
struct RecommendationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendations",
        abstract: "Show a plan's stored recommendations, or a what-if for another day."
    )

    @OptionGroup var connection: ClientOptions
    @Argument(help: "Plan name.") var name: String
    @Option(name: .customLong("as-of"), help: "Compute for this day (YYYY-MM-DD) without storing.") var asOf: String?
    @Option(help: "table or json.") var format: OutputFormat = .table
    @Flag(help: "Add candidates, rejections and the why.") var explain = false

    func validate() throws {
        try PlanName.check(name)
        if let asOf, Day(iso: asOf) == nil { throw ValidationError("--as-of must be a date YYYY-MM-DD, found '\(asOf)'") }
    }

    func run() async throws {
        var query: [String] = []
        if let asOf { query.append("asOf=\(asOf)") }
        // The table needs the candidates to say why nothing fits.
        if explain || format == .table { query.append("explain=true") }
        let path = "/v1/plans/\(Paths.escape(name))/recommendations" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let reply = try await connection.client.send(.GET, path)
        guard reply.status == 200 else { try DaemonClient.fail(reply) }
        if format == .json { return try Terminal.out(reply.body) }
        let body = try reply.decode(RecommendationsBody.self, socket: connection.socket.resolved)
        let documents: Recommendations
        do {
            documents = try body.value()
        } catch {
            throw DaemonClient.notHeadstart(connection.socket.resolved, APIJSON.Unreadable(description: "\(error)"))
        }
        try Terminal.out(Self.staleNotice(body) + TableRenderer(explain: explain).render(documents))
    }

    /// The lines a stale answer starts with: what it was planned with, and why it is not current.
    static func staleNotice(_ body: RecommendationsBody) -> String {
        guard let stale = body.stale else { return "" }
        return "STALE: planned with catalog \(body.catalogVersion); the plan does not validate against catalog \(stale.catalogInForce) in force "
            + "(\(stale.errors.count) error(s)):\n" + stale.errors.map { "  \($0)\n" }.joined() + "\n"
    }
}

/// `headstart delete NAME`
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Remove a plan (its history stays in the event log).")

    @OptionGroup var connection: ClientOptions
    @Argument(help: "Plan name.") var name: String

    func validate() throws { try PlanName.check(name) }

    func run() async throws {
        let reply = try await connection.client.send(.DELETE, "/v1/plans/\(Paths.escape(name))")
        guard reply.status == 204 else { try DaemonClient.fail(reply) }
        try Terminal.out("deleted \(name)\n")
    }
}

/// `headstart replan [NAME]`
struct ReplanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replan", abstract: "Re-plan one plan or all of them now.")

    @OptionGroup var connection: ClientOptions
    @Argument(help: "Plan name; all plans when absent.") var name: String?
    @Option(help: "text or json.") var format: OutputFormat = .table

    func validate() throws { if let name { try PlanName.check(name) } }

    func run() async throws {
        let path = "/v1/replan" + (name.map { "?plan=\(Paths.escape($0))" } ?? "")
        let progress = Progress(name.map { "re-planning \($0)" } ?? "re-planning every plan")
        let socketPath = connection.client.socketPath
        let reply = try await connection.client.send(.POST, path)
        progress.finish()
        guard reply.status == 200 else { try DaemonClient.fail(reply) }
        if format == .json { return try Terminal.out(reply.body) }
        let done = try reply.decode(ReplanBody.self, socket: socketPath)
        var text =
            "re-planned \(done.plans.count) plan(s), \(done.changed) changed\(done.invalid > 0 ? ", \(done.invalid) invalid (answers kept, marked stale)" : "")\n"
        for p in done.plans {
            for error in p.invalid ?? [] { text += "  \(p.plan) invalid: \(error)\n" }
        }
        for p in done.plans where p.changed {
            for change in p.changes { text += "  \(p.plan) " + EventText.change(change) + "\n" }
        }
        try Terminal.out(text)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

/// A plan name on the command line is checked before any request: an empty or malformed one is
/// a usage error (64), not a request for a path the daemon cannot mean.
enum PlanName {
    static func check(_ name: String) throws {
        guard PlanDecoder.isValidName(name) else {
            throw ValidationError("the plan name '\(TerminalText.visible(name))' is not valid: it \(PlanDecoder.nameRule)")
        }
    }
}

enum Paths {
    static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? segment
    }
}

/// Left-aligned columns two spaces apart; a cell longer than ``maxCell`` characters is cut with
/// an ellipsis (`--format json` has every value whole), so one long owner cannot make a line of
/// megabytes.
enum Columns {
    static let maxCell = 60

    static func render(_ rows: [[String]]) -> String {
        // Cells come from the daemon: a line feed in one must not start a line of its own.
        let rows = rows.map { $0.map { cut(TerminalText.visible($0)) } }
        guard let width = rows.map(\.count).max() else { return "" }
        let widths = (0..<width).map { i in rows.map { i < $0.count ? $0[i].count : 0 }.reduce(0, max) }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func cut(_ cell: String) -> String {
        cell.count <= maxCell ? cell : String(cell.prefix(maxCell - 1)) + "…"
    }
}

/// A recommendations summary: a count for every status, or the daemon does not speak the API.
struct StatusCounts {
    var placed = 0, waiting = 0, late = 0, unplaceable = 0

    /// No recommendations at all.
    static let none = StatusCounts()

    private init() {}

    init(_ summary: [String: Int], socket: String) throws {
        for status in PlacementStatus.allCases {
            guard let n = summary[status.rawValue] else {
                throw DaemonClient.notHeadstart(socket, APIJSON.Unreadable(description: "the summary has no count of \(status.rawValue)"))
            }
            self[status] = n
        }
    }

    subscript(status: PlacementStatus) -> Int {
        get {
            switch status {
            case .placed: return placed
            case .waiting: return waiting
            case .late: return late
            case .unplaceable: return unplaceable
            }
        }
        set {
            switch status {
            case .placed: placed = newValue
            case .waiting: waiting = newValue
            case .late: late = newValue
            case .unplaceable: unplaceable = newValue
            }
        }
    }

    /// "3 placed, 1 waiting, 0 late, 0 unplaceable".
    var text: String { PlacementStatus.allCases.map { "\(self[$0]) \($0.rawValue)" }.joined(separator: ", ") }
}
