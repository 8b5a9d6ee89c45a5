import ArgumentParser
import Foundation
import AsyncHTTPClient
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// `headstart watch [--since REV]`
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Follow the daemon's events, one line each, until it stops or you press Ctrl-C.")

    @OptionGroup var socket: SocketOption
    @Option(help: "First replay the events after this revision.") var since: Int64?
    @Option(help: "text (one readable line per event) or json (the raw lines).") var format: WatchFormat = .text

    enum WatchFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() async throws {
        let path = "/v1/events" + (since.map { "?since=\($0)" } ?? "")
        let response = try await DaemonClient(socketPath: socket.resolved).stream(path)
        guard response.status.code == 200 else {
            var buffer = try await response.body.collect(upTo: 1 << 20)
            try DaemonClient.fail(.init(status: Int(response.status.code), body: buffer.readData(length: buffer.readableBytes) ?? Data()))
        }
        var pending = Data()
        for try await var chunk in response.body {
            pending.append(chunk.readData(length: chunk.readableBytes) ?? Data())
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[pending.index(after: newline)...])
                // Each line is written whole and at once, so a pipe sees events as they come.
                if format == .json {
                    try Terminal.out(Data(line) + Data("\n".utf8))
                } else if let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] {
                    try Terminal.out(EventText.line(object) + "\n")
                }
            }
        }
    }
}

/// Readable one-line forms of events.
enum EventText {
    static func line(_ e: [String: Any]) -> String {
        let head = "\(e["revision"] ?? "?") \(e["time"] as? String ?? "") \(e["type"] as? String ?? "")"
        let plan = e["plan"] as? String
        switch e["type"] as? String {
        case "plan-submitted":
            return "\(head) \(plan ?? "") revision \(e["planRevision"] ?? "?")\(e["created"] as? Bool == true ? " (new)" : "")"
        case "plan-deleted":
            return "\(head) \(plan ?? "")"
        case "recommendations-changed":
            let because = e["changedBecause"] as? String ?? "?"
            let changes = (e["changes"] as? [[String: Any]] ?? []).map { "\(plan ?? "")/" + change($0) }
            return "\(head) (\(because)) " + changes.joined(separator: "; ")
        case "replanned":
            return "\(head) \(plan ?? "") unchanged"
        case "catalog-replaced":
            return "\(head) \(e["previousVersion"] ?? "?") -> \(e["version"] ?? "?")"
        default:
            return plan.map { "\(head) \($0)" } ?? head
        }
    }

    /// "support-agent/gpt-5.5: azure swedencentral -> aws eu-central-1 from 2027-01-15"
    static func change(_ c: [String: Any]) -> String {
        "\(c["workload"] as? String ?? "")/\(c["capability"] as? String ?? ""): \(placement(c["before"])) -> \(placement(c["after"]))"
    }

    static func placement(_ value: Any?) -> String {
        guard let r = value as? [String: Any] else { return "none" }
        let status = r["status"] as? String ?? "?"
        guard let first = (r["timeline"] as? [[String: Any]])?.first else { return status }
        let current = r["current"] as? [String: Any] ?? first
        let at = "\(current["cloud"] ?? "") \(current["region"] ?? "")"
        return status == "placed" && r["current"] is [String: Any] ? at : "\(at) from \(current["from"] ?? "") (\(status))"
    }
}
