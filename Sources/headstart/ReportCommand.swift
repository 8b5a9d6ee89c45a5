import ArgumentParser
import Foundation
import HeadstartEngine
import HeadstartFormats

/// `headstart report FILE... --html OUT.html`: the plans' timelines as one self-contained page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the plans' timelines as one self-contained HTML page.",
        discussion: """
            A timeline per capability: a lane per workload, a bar per phase coloured by cloud, the
            first-access window shaded, the as-of day and the licence's end marked, a status badge per
            lane, and the why on hover. No scripts and nothing fetched: the file can be mailed or
            attached to a review. The daemon serves the same page at GET /v1/plans/NAME/report.
            """
    )

    @Argument(help: "Workload plan files (YAML); '-' reads standard input.")
    var files: [String]

    @Option(help: "Where to write the page; '-' for standard output.")
    var html: String

    @OptionGroup var options: OfflineOptions

    func validate() throws {
        if files.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input ('-') can be named only once")
        }
    }

    func run() throws {
        let progress = Progress("reading")
        defer { progress.finish() }
        let (catalog, plans) = try options.load(files, progress: progress)
        let planner = Planner(catalog: catalog)
        let items = plans.enumerated().map { i, plan -> HTMLReport.Item in
            progress.step("planning \(plan.name)" + (plans.count > 1 ? " (\(i + 1)/\(plans.count))" : ""))
            return HTMLReport.Item(recommendations: planner.plan(plan, asOf: options.day), horizon: plan.horizon)
        }
        progress.step("writing \(html)")
        let page = Data(HTMLReport(catalog: catalog).render(items).utf8)
        progress.finish()
        if html == "-" { return try Terminal.out(page) }
        try OutputFile.write(page, to: html, what: "the report")
    }
}
