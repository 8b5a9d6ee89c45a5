import Foundation
import HeadstartEngine
import TestSupport
import Testing

/// The clouds' listings in a running daemon: a listing dropped into `--listings` is kept, merged
/// onto the catalog, re-plans and is announced; its first-seen day outlives a restart; with a
/// shared store every daemon serves the same catalog; `/metrics` shows each listing's age.
@Suite struct LiveListingsTests {
    static let fixture = CLI.root.appendingPathComponent("Tests/HeadstartServerTests/Fixtures/listings/aws/us-east-1.models.json")
    static let plan = CLI.root.appendingPathComponent("Tests/HeadstartServerTests/Fixtures/us-sol.yaml").path
    /// The day the dropped listing's file was written (its modification time).
    static let written = "2026-11-20"

    /// Writes the fixture listing into `folder` as the Deploy script does: a hidden temporary file
    /// renamed into place, written on `written`.
    static func drop(into folder: URL) throws {
        let cloud = folder.appendingPathComponent("aws")
        try FileManager.default.createDirectory(at: cloud, withIntermediateDirectories: true)
        let temporary = cloud.appendingPathComponent(".us-east-1.models.json.tmp")
        try Data(contentsOf: fixture).write(to: temporary)
        let day = try #require(Day(iso: written))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: Double(day.ordinal) * 86_400 + 3_600)],
            ofItemAtPath: temporary.path
        )
        try FileManager.default.moveItem(at: temporary, to: cloud.appendingPathComponent("us-east-1.models.json"))
    }

    /// The `since` of gpt-6.1-sol's regional aws offer in `catalog show`'s JSON; nil when not confirmed.
    static func since(_ daemon: LiveDaemon) throws -> String? {
        let run = try daemon.client(["catalog", "show"])
        guard run.status == 0, let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
            let capabilities = json["capabilities"] as? [String: Any],
            let sol = capabilities["gpt-6.1-sol"] as? [String: Any],
            let offers = sol["offers"] as? [[String: Any]],
            let aws = offers.first(where: { $0["cloud"] as? String == "aws" && $0["processing"] as? String == "regional" })
        else { return nil }
        return aws["since"] as? String
    }

    static var today: Day { Day(ordinal: Int(Date().timeIntervalSince1970 / 86_400)) }

    @Test func aListingDroppedIntoTheFolderRePlansIsAnnouncedAndItsFirstSeenDayOutlivesARestart() throws {
        let base = URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        let listings = base.appendingPathComponent("listings")
        try FileManager.default.createDirectory(at: listings, withIntermediateDirectories: true)
        let daemon = try LiveDaemon(folder: base, extra: ["--listings", listings.path, "--plans-poll-seconds", "0.2"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        #expect(try daemon.client(["submit", Self.plan]).status == 0)
        #expect(try Self.since(daemon) == nil)
        // From the revision before the drop: a watch that connects after the change still replays it.
        let before = try daemon.health()["lastEventRevision"] as? Int ?? 0
        let watch = try CLI.start(["watch", "--since", "\(before)", "--socket", daemon.socket])
        try Self.drop(into: listings)
        let announced = { watch.stdoutSoFar.contains("gpt-6.1-sol arrived on aws us-east-1") && watch.stdoutSoFar.contains("us-sol") }
        #expect(
            LiveDaemon.poll(seconds: 30, announced),
            Comment(rawValue: watch.stdoutSoFar + daemon.logText)
        )
        #expect(watch.stdoutSoFar.contains("gpt-6-sol retires on aws us-east-1 on 2027-10-26"), Comment(rawValue: watch.stdoutSoFar))
        #expect(try Self.since(daemon) == Self.written)
        #expect(try daemon.health()["catalogSource"] as? String == "built-in+listings")
        let table = try daemon.client(["listings"])
        #expect(table.status == 0 && table.stdout.contains("bedrock-models") && table.stdout.contains(Self.written), Comment(rawValue: table.stdout))
        #expect(daemon.stop() == 0, Comment(rawValue: daemon.logText))
        _ = try watch.finish()  // the stop ends the stream

        // Restarted without the folder: the store keeps the listing and its first-seen day.
        let again = try LiveDaemon(folder: base, stateDirectory: daemon.stateDirectory)
        try #require(again.waitUntilReady(), Comment(rawValue: again.logText))
        #expect(try Self.since(again) == Self.written)
        // The same listing sent today under another name: the latest now, but since stays.
        let sent = try again.client(["listings", "submit", Self.fixture.path, "--cloud", "aws", "--region", "us-east-1"])
        #expect(sent.status == 0 && sent.stdout.contains("unchanged"), Comment(rawValue: sent.stdout + sent.stderr))
        #expect(try Self.since(again) == Self.written)
        // A listing that does not read: its problem with the file and JSON path, exit 65.
        let bad = again.folder.appendingPathComponent("bad.json")
        try Data("{\"modelSummaries\": [{\"modelId\": 3}]}".utf8).write(to: bad)
        let refused = try again.client(["listings", "submit", bad.path, "--cloud", "aws", "--region", "us-east-1"])
        #expect(refused.status == 65 && refused.stderr.contains("modelSummaries[0].modelId"), Comment(rawValue: refused.stderr))
        // The stalest listing of the region sets its age.
        let metrics = try CLI.runExecutable(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "--unix-socket", again.socket, "http://localhost/metrics"])
        let age = Self.today.ordinal - (Day(iso: Self.written)?.ordinal ?? 0)
        #expect(metrics.stdout.contains("headstart_listing_age_days{cloud=\"aws\",region=\"us-east-1\"} \(age)"), Comment(rawValue: metrics.stdout))
        #expect(metrics.stdout.contains("headstart_listing_changes_total"), Comment(rawValue: metrics.stdout))
        #expect(again.stop() == 0, Comment(rawValue: again.logText))
    }

    @Test func withASharedStoreEveryDaemonServesTheListedCatalog() throws {
        let cluster = try PostgresCluster.shared()
        let url = LiveSharedCatalogAndCopyTests.url(cluster, try cluster.freshDatabase())
        let daemons = try (0..<2).map { try LiveDaemon(extra: ["--store", url, "--host-name", "h\($0)"]) }
        for d in daemons { try #require(d.waitUntilReady(), Comment(rawValue: d.logText)) }
        let sent = try daemons[0].client([
            "listings", "submit", Self.fixture.path, "--cloud", "aws", "--region", "us-east-1",
            "--observed-on", Self.written,
        ])
        #expect(sent.status == 0, Comment(rawValue: sent.stdout + sent.stderr))
        #expect(LiveDaemon.poll(seconds: 15) { (try? Self.since(daemons[1])) == Self.written }, Comment(rawValue: daemons[1].logText))
        #expect(try daemons[1].health()["catalogSource"] as? String == "built-in+listings")
        #expect(try daemons[1].health()["catalogVersion"] as? String == daemons[0].health()["catalogVersion"] as? String)
        // An older listing sent to the other daemon moves the first-seen day back on both.
        let older = try daemons[1].client([
            "listings", "submit", Self.fixture.path, "--cloud", "aws", "--region", "us-east-1",
            "--observed-on", "2026-11-10",
        ])
        #expect(older.status == 0 && older.stdout.contains("a later listing is kept"), Comment(rawValue: older.stdout + older.stderr))
        #expect(LiveDaemon.poll(seconds: 15) { (try? Self.since(daemons[0])) == "2026-11-10" }, Comment(rawValue: daemons[0].logText))
        let listed = try daemons[0].client(["listings", "--format", "json"])
        #expect(listed.stdout.contains("\"observedOn\": \"\(Self.written)\""), Comment(rawValue: listed.stdout))
        for d in daemons { #expect(d.stop() == 0, Comment(rawValue: d.logText)) }
        // Restarted, a daemon of the store still serves it.
        let later = try LiveDaemon(extra: ["--store", url, "--host-name", "h2"])
        try #require(later.waitUntilReady(), Comment(rawValue: later.logText))
        #expect(try Self.since(later) == "2026-11-10")
        #expect(later.stop() == 0, Comment(rawValue: later.logText))
    }
}
