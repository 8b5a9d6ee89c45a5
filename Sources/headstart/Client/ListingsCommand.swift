import ArgumentParser
import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import NIOHTTP1

/// `headstart listings [list | submit FILE|FOLDER...]`
struct ListingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listings",
        abstract: "List the clouds' listings the daemon keeps, or send it new ones.",
        subcommands: [ListingsListCommand.self, ListingsSubmitCommand.self],
        defaultSubcommand: ListingsListCommand.self
    )
}

/// `headstart listings [list]`
struct ListingsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the kept listings: day, kind and counts.")

    @OptionGroup var connection: ClientOptions
    @Option(help: "table or json.") var format: OutputFormat = .table

    func run() async throws {
        let client = connection.client
        let reply = try await client.send(.GET, "/v1/listings")
        guard reply.status == 200 else { try DaemonClient.fail(reply) }
        if format == .json { return try Terminal.out(reply.body) }
        let list = try reply.decode(ListingListBody.self, socket: client.socketPath)
        var rows = [["CLOUD", "REGION", "NAME", "KIND", "OBSERVED", "AGE", "OFFERS", "MODELS", "UNKNOWN"]]
        for l in list.listings {
            rows.append([
                l.cloud, l.region, l.name ?? "-", l.kind, l.observedOn, "\(l.ageDays)d", "\(l.offers)", "\(l.capabilities)",
                "\(l.unknownCapabilities)",
            ])
        }
        try Terminal.out(Columns.render(rows))
    }
}

/// `headstart listings submit FILE|FOLDER... [--cloud C --region R] [--observed-on DAY]`
struct ListingsSubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Send listings to the daemon, which keeps them and re-plans when they change the catalog in force.",
        discussion: "A folder is read as CLOUD/REGION[.NAME].json; a file alone needs --cloud and --region. Each file is sent on its own: "
            + "one that the daemon refuses is reported and the others still go; the exit status is then non-zero."
    )

    @OptionGroup var connection: ClientOptions
    @Argument(help: "Listing files, or folders laid out CLOUD/REGION[.NAME].json.") var inputs: [String]
    @Option(help: "The cloud of a file given alone, as the catalog spells it.") var cloud: String?
    @Option(help: "The region of a file given alone, as the catalog spells it.") var region: String?
    @Option(name: .customLong("observed-on"), help: "The day the listings were taken, YYYY-MM-DD. Default: the daemon's today (UTC).")
    var observedOn: String?

    func validate() throws {
        if let observedOn, Day(iso: observedOn) == nil { throw ValidationError("--observed-on must be a date YYYY-MM-DD, found '\(observedOn)'") }
        if (cloud == nil) != (region == nil) { throw ValidationError("--cloud and --region go together") }
    }

    func run() async throws {
        let files = try ListingFiles.find(inputs, cloud: cloud, region: region)
        guard !files.isEmpty else {
            Terminal.err("headstart: no listing found in \(inputs.joined(separator: ", ")) (a folder is read as CLOUD/REGION[.NAME].json)\n")
            throw ExitStatus.noInput
        }
        let client = connection.client
        var failure: ExitCode?
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                Terminal.err("\(file.path): error: cannot read the file\n")
                failure = failure ?? ExitStatus.noInput
                continue
            }
            var path = "/v1/listings/\(Self.segment(file.cloud))/\(Self.segment(file.region))" + (file.name.map { "/\(Self.segment($0))" } ?? "")
            if let observedOn { path += "?observedOn=\(observedOn)" }
            let reply = try await client.send(.PUT, path, body: data)
            guard reply.status == 200 else {
                failure = failure ?? Self.report(reply, file: file.path)
                continue
            }
            let done = try reply.decode(ListingStoredBody.self, socket: client.socketPath)
            try Terminal.out(Self.line(done, file: file.path))
        }
        if let failure { throw failure }
    }

    /// "aws/us-east-1.models.json: bedrock-models of 2026-12-02, 3 offer(s); catalog V in force, 1 offer fact(s) changed, ..."
    static func line(_ done: ListingStoredBody, file: String) -> String {
        let l = done.listing
        var text = "\(file): \(l.kind) of \(l.observedOn), \(l.offers) offer(s)"
        if !done.latest { text += " (a later listing is kept; first- and last-seen days updated)" }
        if done.offers.isEmpty {
            text += "; catalog \(done.catalogVersion) unchanged\n"
        } else {
            text +=
                "; catalog \(done.catalogVersion) in force, \(done.replanned) plan(s) re-planned, \(done.changed.count) changed"
                + (done.changed.isEmpty ? "" : ": " + done.changed.joined(separator: ", ")) + "\n"
            text += done.offers.map { "  \($0.sentence)\n" }.joined()
        }
        if l.unknownCapabilities > 0 { text += "  \(l.unknownCapabilities) model(s) the catalog lacks (see `headstart catalog import`)\n" }
        return text
    }

    /// A refused listing: its problems, one per line; 65 for a listing that does not read.
    static func report(_ reply: DaemonClient.Reply, file: String) -> ExitCode {
        guard reply.status == 422, let problem = try? APIJSON.decode(ProblemBody.self, from: reply.body) else {
            do { try DaemonClient.fail(reply, file: file) } catch let status as ExitCode { return status } catch {}
            return ExitStatus.failure
        }
        for line in problem.detail.split(separator: "\n") { Terminal.err("\(file): error: \(line)\n") }
        return ExitStatus.dataError
    }

    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
