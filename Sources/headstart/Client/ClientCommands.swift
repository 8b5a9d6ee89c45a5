import ArgumentParser
import Foundation
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
            let revision: Int = try reply.require("revision", socket: client.socketPath)
            let recommendations: [String: Any] = try reply.require("recommendations", socket: client.socketPath)
            let summary = recommendations["summary"] as? [String: Int] ?? [:]
            let counts = PlacementStatus.allCases.map { "\(summary[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
            try Terminal.out("\(file): plan \(name) revision \(revision) \(reply.status == 201 ? "created" : "stored") (\(counts))\n")
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
        let plans: [[String: Any]] = try reply.require("plans", socket: client.socketPath)
        var rows = [["NAME", "REV", "OWNER", "UPDATED", "PLACED", "WAITING", "LATE", "UNPLACEABLE", "NEXT RE-PLAN", "STATUS"]]
        for p in plans {
            let s = p["summary"] as? [String: Int] ?? [:]
            rows.append([p["name"] as? String ?? "", "\(p["revision"] as? Int ?? 0)", p["owner"] as? String ?? "-",
                         String((p["updated"] as? String ?? "").prefix(19)), "\(s["placed"] ?? 0)", "\(s["waiting"] ?? 0)",
                         "\(s["late"] ?? 0)", "\(s["unplaceable"] ?? 0)", p["nextReplanAt"] as? String ?? "-",
                         p["status"] as? String ?? "-"])
        }
        try Terminal.out(Columns.render(rows))
    }
}

/// `headstart get NAME [--revision N]`
struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a stored plan's YAML (the latest revision unless --revision).")

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
        let yaml: String = try reply.require("yaml", socket: connection.socket.resolved)
        try Terminal.out(yaml)
    }
}

/// `headstart recommendations NAME [--as-of DATE]`
struct RecommendationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "recommendations", abstract: "Show a plan's stored recommendations, or a what-if for another day.")

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
        guard let documents = try? RecommendationsDocument.decode(reply.body) else { throw DaemonClient.notHeadstart(connection.socket.resolved) }
        try Terminal.out(Self.staleNotice(reply) + documents.map(TableRenderer(explain: explain).render).joined(separator: "\n"))
    }

    /// The lines a stale answer starts with: what it was planned with, and why it is not current.
    static func staleNotice(_ reply: DaemonClient.Reply) -> String {
        guard let stale = reply.json?["stale"] as? [String: Any] else { return "" }
        let errors = stale["errors"] as? [String] ?? []
        let planned = reply.json?["catalogVersion"] as? String ?? "?"
        return "STALE: planned with catalog \(planned); the plan does not validate against catalog \(stale["catalogInForce"] ?? "?") in force "
            + "(\(errors.count) error(s)):\n" + errors.map { "  \($0)\n" }.joined() + "\n"
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
        let plans: [[String: Any]] = try reply.require("plans", socket: socketPath)
        let invalid = reply.json?["invalid"] as? Int ?? 0
        var text = "re-planned \(plans.count) plan(s), \(reply.json?["changed"] as? Int ?? 0) changed\(invalid > 0 ? ", \(invalid) invalid (answers kept, marked stale)" : "")\n"
        for p in plans {
            for error in p["invalid"] as? [String] ?? [] { text += "  \(p["plan"] as? String ?? "") invalid: \(error)\n" }
        }
        for p in plans where p["changed"] as? Bool == true {
            for change in p["changes"] as? [[String: Any]] ?? [] {
                text += "  \(p["plan"] as? String ?? "") " + EventText.change(change) + "\n"
            }
        }
        try Terminal.out(text)
    }
}

/// `headstart catalog [show|replace FILE]`
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "catalog", abstract: "Show the daemon's catalog, or replace it and re-plan every plan.")

    enum Action: String, ExpressibleByArgument, CaseIterable { case show, replace }

    @OptionGroup var connection: ClientOptions
    @Argument(help: "show (default) or replace.") var action: Action = .show
    @Argument(help: "The new catalog, for replace.") var file: String?

    func validate() throws {
        if action == .replace, file == nil { throw ValidationError("catalog replace needs a FILE") }
        if action == .show, file != nil { throw ValidationError("catalog show takes no file") }
    }

    func run() async throws {
        let client = connection.client
        switch action {
        case .show:
            let reply = try await client.send(.GET, "/v1/catalog")
            guard reply.status == 200 else { try DaemonClient.fail(reply) }
            try Terminal.out(reply.body)
        case .replace:
            guard let file else { return }
            let body = Data(try PlanCommand.readInput(file))
            let progress = Progress("replacing the catalog and re-planning every plan")
            let reply = try await client.send(.PUT, "/v1/catalog", body: body)
            progress.finish()
            guard reply.status == 200 else { try DaemonClient.fail(reply, file: file) }
            let version: String = try reply.require("version", socket: client.socketPath)
            let changed = reply.json?["changed"] as? [String] ?? []
            let invalid = reply.json?["invalid"] as? [String] ?? []
            try Terminal.out("catalog \(version) in force; \(reply.json?["replanned"] as? Int ?? 0) plan(s) re-planned, \(changed.count) changed\(changed.isEmpty ? "" : ": " + changed.joined(separator: ", "))"
                             + (invalid.isEmpty ? "" : "; \(invalid.count) no longer valid (answers kept, marked stale): " + invalid.joined(separator: ", ")) + "\n")
        }
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

/// Left-aligned columns two spaces apart.
enum Columns {
    static func render(_ rows: [[String]]) -> String {
        // Cells come from the daemon: a line feed in one must not start a line of its own.
        let rows = rows.map { $0.map { TerminalText.visible($0) } }
        guard let width = rows.map(\.count).max() else { return "" }
        let widths = (0..<width).map { i in rows.map { i < $0.count ? $0[i].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
