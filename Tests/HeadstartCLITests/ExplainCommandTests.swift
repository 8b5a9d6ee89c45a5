import Foundation
import Testing

/// `headstart explain`, offline and against a live daemon: the same table either way.
@Suite struct ExplainCommandTests {
    static let plan = "Plans/examples/eu-bank.yaml"

    @Test func offlineItListsEveryCandidateTheDiagnosisAndTheTimeline() throws {
        let run = try CLI.run(["explain", Self.plan, "advisor-copilot", "gpt-5.5", "--as-of", "2026-11-26"])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "rheinbank-ai · advisor-copilot · gpt-5.5 · as of 2026-11-26 · placed")
        #expect(lines.contains { $0.hasPrefix("1    aws     eu-central-1      regional   ga      2027-01-15  expected  not before 2027-01-15") })
        #expect(lines.contains { $0.hasPrefix("2    azure   swedencentral     zone       ga      2026-04-30  confirmed usable") })
        // 4 candidates and 12 rejections, each rejection with its sentence under it; two candidates
        // with their retirement day, and the illustrative one with its source.
        #expect(lines.filter { $0.hasPrefix("-    ") }.count == 12)
        #expect(lines.filter { $0.hasPrefix("     ↳ ") }.count == 15)
        #expect(lines.contains("     ↳ * illustrative: no announcement seen (no EU deployment of a proprietary OpenAI model on"))
        // Judged on the workload's neededBy (2026-12-15), not the as-of day.
        #expect(lines.contains("3/16 candidates usable by 2026-12-15: 11 residency, 1 cloud-not-allowed, 1 not before 2027-01-15"))
        #expect(lines.contains { $0.hasPrefix("  2026-11-26 → 2027-01-15   azure swedencentral") })
        #expect(lines.allSatisfy { $0.count <= 100 })
    }

    @Test func anUnknownNeedExits1AndNamesTheKnownOnes() throws {
        let run = try CLI.run(["explain", Self.plan, "advisor-copilot", "gpt-4.1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("has no workload 'advisor-copilot' needing 'gpt-4.1'"))
        #expect(run.stderr.contains("archive-search gpt-4.1"))
    }

    @Test func theDaemonGivesTheSameTableForAStoredPlan() throws {
        let daemon = try LiveDaemon(extra: ["--plans", "Plans/examples"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(LiveDaemon.poll(seconds: 30) { (try? daemon.client(["list"]))?.stdout.contains("rheinbank-ai") == true })
        let today = String(Date().formatted(Date.ISO8601FormatStyle(timeZone: .gmt)).prefix(10))
        let remote = try daemon.client(["explain", "rheinbank-ai", "advisor-copilot", "gpt-5.5"])
        let local = try CLI.run(["explain", Self.plan, "advisor-copilot", "gpt-5.5", "--as-of", today])
        #expect(remote.status == 0, "\(remote.stderr)")
        #expect(remote.stdout == local.stdout)
        let missing = try daemon.client(["explain", "no-such-plan", "w", "c"])
        #expect(missing.status == 1)
    }
}
