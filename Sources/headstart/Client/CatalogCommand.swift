import ArgumentParser
import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import NIOHTTP1

/// `headstart catalog [show | replace FILE | lags]`
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Show the daemon's catalog, replace it and re-plan every plan, print each cloud's head start, or import the clouds' listings.",
        subcommands: [CatalogShowCommand.self, CatalogReplaceCommand.self, CatalogLagsCommand.self, CatalogImportCommand.self],
        defaultSubcommand: CatalogShowCommand.self
    )
}

/// `headstart catalog [show]`
struct CatalogShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the daemon's catalog in force (JSON).")

    @OptionGroup var connection: ClientOptions

    func run() async throws {
        let client = connection.client
        let reply = try await client.send(.GET, "/v1/catalog")
        guard reply.status == 200 else { try DaemonClient.fail(reply) }
        try Terminal.out(reply.body)
    }
}

/// `headstart catalog replace FILE`
struct CatalogReplaceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replace", abstract: "Replace the daemon's catalog and re-plan every plan.")

    @OptionGroup var connection: ClientOptions
    @Argument(help: "The new catalog ('-' for standard input).") var file: String

    func run() async throws {
        let client = connection.client
        let body = Data(try PlanCommand.readInput(file))
        let progress = Progress("replacing the catalog and re-planning every plan")
        let reply = try await client.send(.PUT, "/v1/catalog", body: body)
        progress.finish()
        guard reply.status == 200 else { try DaemonClient.fail(reply, file: file) }
        let done = try reply.decode(CatalogReplacedBody.self, socket: client.socketPath)
        let (changed, invalid) = (done.changed, done.invalid)
        try Terminal.out(
            "catalog \(done.version) in force; \(done.replanned) plan(s) re-planned, \(changed.count) changed\(changed.isEmpty ? "" : ": " + changed.joined(separator: ", "))"
                + (invalid.isEmpty ? "" : "; \(invalid.count) no longer valid (answers kept, marked stale): " + invalid.joined(separator: ", "))
                + "\n"
        )
    }
}
