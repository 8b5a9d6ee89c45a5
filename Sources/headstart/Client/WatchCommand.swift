import ArgumentParser
import HeadstartFormats
import Foundation
import AsyncHTTPClient
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// `headstart watch [--since REV]`
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Follow the daemon's events, one line each, until it stops or you press Ctrl-C.")

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
        var resync: [String: Any]?
        do {
            for try await var chunk in response.body {
                pending.append(chunk.readData(length: chunk.readableBytes) ?? Data())
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[pending.index(after: newline)...])
                    guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
                        throw DaemonClient.notHeadstart(client.socketPath)
                    }
                    shutdown = shutdown || object["type"] as? String == "shutdown"
                    if object["type"] as? String == "resync" { resync = object }
                    // Each line is written whole and at once, so a pipe sees events as they come.
                    if format == .json {
                        try Terminal.out(Data(line) + Data("\n".utf8))
                    } else {
                        try Terminal.out(EventText.lines(object).map { $0 + "\n" }.joined())
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
                Terminal.err("headstart: the daemon ended the stream (\(resync["reason"] ?? "resync")); resume with --since \(resync["resumeFrom"] ?? 0)\n")
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
    static func lines(_ e: [String: Any]) -> [String] {
        // Every field came from the daemon: a line feed in one must not start a line of its own.
        describe(e).map { TerminalText.visible($0) }
    }

    static func describe(_ e: [String: Any]) -> [String] {
        let time = (e["time"] as? String).map { String($0.prefix(19)) + "Z" } ?? ""
        let head = "\((e["revision"] as? Int).map(String.init) ?? "-") \(time) \(e["type"] as? String ?? "")"
        let plan = e["plan"] as? String ?? ""
        switch e["type"] as? String {
        case "plan-submitted":
            return ["\(head) \(plan) revision \(e["planRevision"] ?? "?")\(e["created"] as? Bool == true ? " (new)" : "")"]
        case "plan-deleted":
            return ["\(head) \(plan)"]
        case "recommendations-changed":
            let reason = because(e)
            let held = heldBack(e)
            return (e["changes"] as? [[String: Any]] ?? []).map { "\(head) \(plan) " + change($0) + " (\(reason))" } + held.map { "\(head) \(plan) \($0)" }
        case "replanned":
            let trigger = (e["trigger"] as? String).map { " (\($0))" } ?? ""
            let current = e["staleCleared"] as? Bool == true ? ", valid again and current" : ""
            return ["\(head) \(plan) unchanged\(trigger)\(current)"] + heldBack(e).map { "\(head) \(plan) \($0)" }
        case "catalog-replaced":
            // "gpt-5.5 azure eastus2 removed": the capability says which offer.
            let offers = (e["offers"] as? [[String: Any]] ?? []).compactMap { o in
                (o["summary"] as? String).map { summary in (o["capability"] as? String).map { "\($0) \(summary)" } ?? summary }
            }
            return ["\(head) \(e["previousVersion"] ?? "?") -> \(e["version"] ?? "?")" + (offers.isEmpty ? "" : ": " + offers.prefix(5).joined(separator: ", ") + (offers.count > 5 ? ", ..." : ""))]
        case "plan-invalid":
            let errors = e["errors"] as? [String] ?? []
            return ["\(head) \(plan): does not validate against catalog \(e["catalogVersion"] ?? "?") (\(errors.count) error(s)); its answer from catalog \(e["plannedWith"] as? String ?? "?") is kept, marked stale"]
                + errors.map { "\(head) \(plan)   \($0)" }
        case "catalog-rejected":
            return ["\(head) \(e["file"] ?? "?") refused; \(e["inForce"] ?? "?") stays in force"]
        case "resync":
            return ["\(head) \(e["reason"] ?? "?"): reconnect with --since \(e["resumeFrom"] ?? "?")"]
        default:
            return [plan.isEmpty ? head : "\(head) \(plan)"]
        }
    }

    /// "support-agent/gpt-5.5: azure swedencentral -> aws eu-central-1 from 2027-01-15"
    static func change(_ c: [String: Any]) -> String {
        let after = timeline(c["after"]), before = timeline(c["before"])
        return "\(c["workload"] as? String ?? "")/\(c["capability"] as? String ?? ""): \(after)" + (before == after ? "" : " [was: \(before)]")
    }

    /// A recommendation's timeline: "azure swedencentral -> aws eu-central-1 from 2027-01-15".
    static func timeline(_ value: Any?) -> String {
        guard let r = value as? [String: Any] else { return "none" }
        let status = r["status"] as? String ?? "?"
        let phases = r["timeline"] as? [[String: Any]] ?? []
        guard !phases.isEmpty else { return status }
        let current = r["current"] as? [String: Any]
        let parts = phases.enumerated().map { i, p -> String in
            let place = "\(p["cloud"] ?? "") \(p["region"] ?? "")"
            return i == 0 && current != nil ? place : "\(place) from \(p["from"] ?? "")"
        }
        return (status == "placed" ? "" : "\(status): ") + parts.joined(separator: " -> ")
    }

    /// "(catalog 2026-11-20 -> 2026-12-01: aws eu-central-1 confirmed)" and the like.
    static func because(_ e: [String: Any]) -> String {
        switch e["changedBecause"] as? String {
        case "catalog":
            let versions = e["catalogVersions"] as? [String: Any]
            let offers = (e["offers"] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String }
            return "catalog \(versions?["from"] ?? "?") -> \(versions?["to"] ?? "?")" + (offers.isEmpty ? "" : ": " + offers.joined(separator: ", "))
        case "time":
            let retirements = Set(e["retirements"] as? [String] ?? [])
            let boundaries = (e["boundaries"] as? [String] ?? []).map { retirements.contains($0) ? "\($0) (retirement)" : $0 }
            let asOf = e["asOf"] as? [String: Any]
            let what = boundaries.isEmpty ? "as of \(asOf?["to"] ?? "?")" : "\(boundaries.joined(separator: ", ")) reached"
            return "time: \(what), \(e["trigger"] ?? "?")"
        case "plan":
            let revisions = e["planRevisions"] as? [String: Any]
            let from = revisions?["from"].flatMap { $0 is NSNull ? nil : "\($0)" } ?? "none"
            return "plan revision \(from) -> \(revisions?["to"] ?? "?")"
        default:
            return e["changedBecause"] as? String ?? "?"
        }
    }

    static func heldBack(_ e: [String: Any]) -> [String] {
        (e["heldBack"] as? [[String: Any]] ?? []).map { h in
            "\(h["workload"] ?? "")/\(h["capability"] ?? ""): stays on \(h["cloud"] ?? "") \(h["region"] ?? "") until \(h["until"] ?? "")"
                + ((h["wouldMoveTo"] as? String).map { ", move to \($0) held back (minDwellDays)" } ?? " (minDwellDays)")
        }
    }
}
