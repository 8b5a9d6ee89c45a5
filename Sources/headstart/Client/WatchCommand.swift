import ArgumentParser
import AsyncHTTPClient
import Foundation
import HeadstartAPI
import HeadstartFormats
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// `headstart watch [--since REV]`
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow the daemon's events, one line each, until it stops or you press Ctrl-C."
    )

    @OptionGroup var connection: ClientOptions
    @Option(help: "First replay the events after this revision.") var since: Int64?
    @Option(help: "text (one readable line per event) or json (the raw lines).") var format: WatchFormat = .text

    enum WatchFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() async throws {
        let path = "/v1/events" + (since.map { "?since=\($0)" } ?? "")
        let client = connection.client
        let response = try await client.stream(path)
        guard response.status.code == 200 else {
            var buffer = try await response.body.collect(upTo: 1 << 20)
            try DaemonClient.fail(.init(status: Int(response.status.code), body: buffer.readData(length: buffer.readableBytes) ?? Data()))
        }
        var pending = Data()
        var shutdown = false
        var resync: Resync?
        do {
            for try await var chunk in response.body {
                pending.append(chunk.readData(length: chunk.readableBytes) ?? Data())
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[pending.index(after: newline)...])
                    let event: EventLine
                    do {
                        event = try APIJSON.decode(EventLine.self, from: Data(line))
                    } catch {
                        throw DaemonClient.notHeadstart(client.socketPath, error)
                    }
                    if case .shutdown = event.event { shutdown = true }
                    if case .resync(let r) = event.event { resync = r }
                    // Each line is written whole and at once, so a pipe sees events as they come.
                    if format == .json {
                        try Terminal.out(Data(line) + Data("\n".utf8))
                    } else {
                        try Terminal.out(EventText.lines(event).map { $0 + "\n" }.joined())
                    }
                }
            }
        } catch let error as ExitCode {
            throw error
        } catch let error as Terminal.WriteFailed {
            throw error
        } catch {
            // The stream broke: only its `shutdown` event ends a watch well.
            shutdown = false
        }
        // A stream that ends without the daemon's `shutdown` event: the daemon died or was cut off.
        guard shutdown else {
            if let resync {
                Terminal.err("headstart: the daemon ended the stream (\(resync.reason.rawValue)); resume with --since \(resync.resumeFrom)\n")
                throw ExitStatus.unavailable
            }
            Terminal.err("headstart: the daemon went away (the event stream ended without a shutdown event)\n")
            throw ExitStatus.unavailable
        }
    }
}

/// Readable one-line forms of events.
enum EventText {
    /// One line per event; a `recommendations-changed` event gives one line per change.
    static func lines(_ e: EventLine) -> [String] {
        // Every field came from the daemon: a line feed in one must not start a line of its own.
        describe(e).map { TerminalText.visible($0) }
    }

    static func describe(_ e: EventLine) -> [String] {
        let head = "\(e.revision.map(String.init) ?? "-") \(Timestamp.string(e.time).prefix(19))Z \(e.event.type.rawValue)"
        let plan = e.plan ?? ""
        switch e.event {
        case .planSubmitted(let p):
            return ["\(head) \(plan) revision \(p.planRevision)\(p.created ? " (new)" : "")"]
        case .planDeleted:
            return ["\(head) \(plan)"]
        case .recommendationsChanged(let c):
            let reason = because(c.because)
            return c.changes.map { "\(head) \(plan) " + change($0) + " (\(reason))" } + heldBack(c.heldBack).map { "\(head) \(plan) \($0)" }
        case .replanned(let r):
            let trigger = r.trigger.map { " (\($0))" } ?? ""
            let current = r.staleCleared == true ? ", valid again and current" : ""
            return ["\(head) \(plan) unchanged\(trigger)\(current)"] + heldBack(r.heldBack).map { "\(head) \(plan) \($0)" }
        case .catalogReplaced(let c) where c.source != c.source.base:
            // Listings changed the catalog: one line per offer fact, as people say it.
            return ["\(head) \(c.previousVersion) -> \(c.version)"] + c.offers.map { "\(head)   \($0.sentence)" }
        case .catalogReplaced(let c):
            // "gpt-5.5 azure eastus2 removed": the capability says which offer.
            let offers = c.offers.map { "\($0.capability) \($0.summary)" }
            return [
                "\(head) \(c.previousVersion) -> \(c.version)"
                    + (offers.isEmpty ? "" : ": " + offers.prefix(5).joined(separator: ", ") + (offers.count > 5 ? ", ..." : ""))
            ]
        case .planInvalid(let p):
            return [
                "\(head) \(plan): does not validate against catalog \(p.catalogVersion) (\(p.errors.count) error(s)); its answer from catalog \(p.plannedWith ?? "?") is kept, marked stale"
            ]
                + p.errors.map { "\(head) \(plan)   \($0)" }
        case .catalogRejected(let r):
            return ["\(head) \(r.file) refused; \(r.inForce) stays in force"]
        case .resync(let r):
            return ["\(head) \(r.reason.rawValue): reconnect with --since \(r.resumeFrom)"]
        case .shutdown:
            return [plan.isEmpty ? head : "\(head) \(plan)"]
        }
    }

    /// "support-agent/gpt-5.5: azure swedencentral -> aws eu-central-1 from 2027-01-15"
    static func change(_ c: RecommendationChange) -> String {
        let after = timeline(c.after)
        let before = timeline(c.before)
        return "\(c.workload)/\(c.capability): \(after)" + (before == after ? "" : " [was: \(before)]")
    }

    /// A recommendation's timeline: "azure swedencentral -> aws eu-central-1 from 2027-01-15".
    static func timeline(_ side: RecommendationChange.Side?) -> String {
        guard let side else { return "none" }
        guard !side.timeline.isEmpty else { return side.status }
        let parts = side.timeline.enumerated().map { i, p -> String in
            i == 0 && side.current != nil ? "\(p.cloud) \(p.region)" : "\(p.cloud) \(p.region) from \(p.from)"
        }
        return (side.status == "placed" ? "" : "\(side.status): ") + parts.joined(separator: " -> ")
    }

    /// "(catalog 2026-11-20 -> 2026-12-01: aws eu-central-1 confirmed)" and the like.
    static func because(_ b: ChangedBecause) -> String {
        switch b {
        case .catalog(let versions, let offers):
            let summaries = (offers ?? []).map(\.summary)
            return "catalog \(versions.from ?? "?") -> \(versions.to)" + (summaries.isEmpty ? "" : ": " + summaries.joined(separator: ", "))
        case .time(let trigger, let asOf, let boundaries, let retirements):
            let marked = boundaries.map { Set(retirements).contains($0) ? "\($0) (retirement)" : $0 }
            let what = marked.isEmpty ? "as of \(asOf.to)" : "\(marked.joined(separator: ", ")) reached"
            return "time: \(what), \(trigger)"
        case .plan(let revisions):
            return "plan revision \(revisions.from.map(String.init) ?? "none") -> \(revisions.to)"
        }
    }

    static func heldBack(_ holds: [HeldBack]?) -> [String] {
        (holds ?? []).map { h in
            "\(h.workload)/\(h.capability): stays on \(h.cloud) \(h.region) until \(h.until)"
                + (h.wouldMoveTo.map { ", move to \($0) held back (minDwellDays)" } ?? " (minDwellDays)")
        }
    }
}
