import ArgumentParser

/// `headstart`: which cloud, in which region and when, for each OpenAI capability a team needs.
@main
struct Headstart: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "headstart",
        abstract: "Plan on which cloud, in which region and when to run each OpenAI capability.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 65 invalid plan or catalog, 66 input file \
            missing or unreadable, 70 internal error, 74 output could not be written.
            """,
        version: version,
        subcommands: [PlanCommand.self]
    )
}
