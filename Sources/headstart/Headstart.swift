import ArgumentParser
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `headstart`: which cloud, in which region and when, for each OpenAI capability a team needs.
@main
struct Headstart: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "headstart",
        abstract: "Plan on which cloud, in which region and when to run each OpenAI capability.",
        discussion: """
            Exit codes: 0 success, 1 the daemon refused the request, 64 usage error, 65 invalid plan \
            or catalog, 66 input file missing or unreadable, 69 no daemon listening (or it went away or did \
            not answer), 70 internal error, 73 output file cannot be created, 74 output could not be written, \
            76 the server on the socket does not speak the Headstart API, 77 the caller may not connect to the \
            socket; serve adds 71, 75 and 78.
            """,
        version: version,
        subcommands: [
            PlanCommand.self, ServeCommand.self, SubmitCommand.self, ListCommand.self, GetCommand.self,
            RecommendationsCommand.self, DeleteCommand.self, ReplanCommand.self, WatchCommand.self, CatalogCommand.self,
            ListingsCommand.self,
            ScheduleCommand.self, SchemaCommand.self, ValidateCommand.self, ExplainCommand.self, ReportCommand.self, ExportCommand.self,
            StoreCommand.self,
            SocketCommand.self,
        ]
    )

    /// Logs go to stderr, one line each; every error ends in an exit code, never a trap.
    static func main() async {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        // Past `ulimit -f` a write fails with EFBIG, which is reported, instead of killing us.
        signal(SIGXFSZ, SIG_IGN)
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            Failure.usage(error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            Failure.exit(error)
        }
    }
}
