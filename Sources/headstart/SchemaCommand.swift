import ArgumentParser
import Foundation
import HeadstartFormats

/// `headstart schema plan|catalog`: the JSON Schema of a plan or a catalog, for editors and CI.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of a plan or a catalog.",
        discussion: """
            The same files ship in Plans/schema/. Point an editor at them with a first line such as
            # yaml-language-server: $schema=../schema/plan.schema.json
            The schema checks structure; `headstart plan` also checks names against the catalog.
            """
    )

    @Argument(help: "plan or catalog.")
    var kind: Schemas.Kind

    func run() throws {
        try Terminal.out(Data(Schemas.bytes(kind)))
    }
}

extension Schemas.Kind: ExpressibleByArgument {}
