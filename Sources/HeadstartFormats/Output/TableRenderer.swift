import HeadstartEngine

/// Plain-text recommendations for a terminal: one block per capability, each workload's
/// phases as rows, at most ``width`` columns.
public struct TableRenderer: Sendable {
    /// Widest line produced (long names are shortened with "…").
    public var width: Int
    /// Adds each recommendation's why, candidates and rejections.
    public var explain: Bool

    public init(width: Int = 100, explain: Bool = false) {
        self.width = width
        self.explain = explain
    }

    public func render(_ r: Recommendations) -> String {
        var lines: [String] = []
        let next = r.nextReplanAt.map { "next re-plan \($0)" } ?? "no re-plan due"
        lines.append(fit("Plan \(r.plan) · as of \(r.asOf) · catalog \(r.catalogVersion) · \(next)"))
        let s = r.summary
        lines.append("\(s[.placed] ?? 0) placed, \(s[.waiting] ?? 0) waiting, \(s[.late] ?? 0) late, \(s[.unplaceable] ?? 0) unplaceable")
        let all = r.recommendations
        let workloadWidth = min(22, max(8, all.map(\.workload.count).max() ?? 8))
        let cloudWidth = min(10, max(5, all.flatMap { $0.timeline.map(\.cloud.count) }.max() ?? 5))
        let regionWidth = min(22, max(6, all.flatMap { $0.timeline.map(\.region.count) }.max() ?? 6))
        let columns = Columns(workload: workloadWidth, cloud: cloudWidth, region: regionWidth)
        // One block per needed capability, in order of appearance (a successor's phases stay in
        // the block of the need they serve).
        var needed: [String] = []
        for rec in all where !needed.contains(rec.capability) { needed.append(rec.capability) }
        for capability in needed {
            lines.append("")
            lines.append(fit(capability))
            lines.append(columns.row("WORKLOAD", "STATUS", "FROM", "CLOUD", "REGION", "FLAGS"))
            for rec in all where rec.capability == capability {
                lines.append(contentsOf: rows(rec, columns))
            }
        }
        if all.contains(where: { $0.timeline.contains(where: \.illustrative) }) {
            lines.append("")
            lines.append(fit("* illustrative offer: its date or region is assumed, not reported (explain shows its source)"))
        }
        // Each line is one line: text from a plan or a catalog cannot break it or act on the terminal.
        return lines.map { TerminalText.visible($0.trailingSpacesRemoved) }.joined(separator: "\n") + "\n"
    }

    private struct Columns {
        var workload: Int, cloud: Int, region: Int

        func row(_ w: String, _ s: String, _ from: String, _ c: String, _ r: String, _ flags: String) -> String {
            "  " + w.padded(workload) + "  " + s.padded(11) + "  " + from.padded(10) + "  "
                + c.padded(cloud) + "  " + r.padded(region) + "  " + flags
        }

        /// Where the FLAGS column starts.
        var flagsIndent: Int { detailIndent + 10 + 2 + cloud + 2 + region + 2 }

        /// Where the FROM column starts.
        var detailIndent: Int { 2 + workload + 2 + 11 + 2 }
    }

    private func rows(_ rec: Recommendation, _ columns: Columns) -> [String] {
        var lines: [String] = []
        if rec.timeline.isEmpty {
            let note =
                rec.status == .unplaceable
                ? rec.diagnosis.description
                : "no phase: only overdue forecasts remain (\(rec.candidates.count) candidate\(rec.candidates.count == 1 ? "" : "s"))"
            lines.append(fit("  " + rec.workload.padded(columns.workload) + "  " + rec.status.rawValue.padded(11) + "  " + note))
        }
        for (i, phase) in rec.timeline.enumerated() {
            let who = i == 0 ? rec.workload : ""
            let status = i == 0 ? rec.status.rawValue : ""
            // A phase ends where the next begins; only an end with nothing after it is spelt out.
            var notes = phase.flags.map(\.rawValue)
            // A successor's phase says which capability it serves.
            if phase.capability != rec.capability { notes.insert("serves \(phase.capability)", at: 0) }
            // An offer that rests on an assumption is marked; the legend under the table says so.
            if phase.illustrative { notes.insert("*", at: 0) }
            if let until = phase.until, i == rec.timeline.count - 1 || rec.timeline[i + 1].from != until {
                notes.append("until \(until)")
            }
            // Flags that do not fit wrap onto lines of their own under the FLAGS column.
            let pad = String(repeating: " ", count: columns.flagsIndent)
            let flagLines = wrap(notes.joined(separator: " "), indent: pad).map { String($0.dropFirst(pad.count)) }
            lines.append(fit(columns.row(who, status, phase.from.description, phase.cloud, phase.region, flagLines.first ?? "")))
            lines.append(contentsOf: flagLines.dropFirst().map { pad + $0 })
        }
        guard explain else { return lines }
        let indent = String(repeating: " ", count: columns.detailIndent)
        lines.append(contentsOf: wrap(rec.why, indent: indent))
        for c in rec.candidates {
            let overdue = c.overdue ? " overdue" : ""
            let marker = c.place.illustrative ? " *" : ""
            let place = "\(c.cloud) \(c.region)  \(c.place.processing.rawValue) \(c.place.stage.rawValue)"
            lines.append(fit(indent + "  #\(c.rank) \(place)  \(c.availableFrom) \(c.dateKind.rawValue)\(overdue)\(marker)"))
            if c.place.illustrative, let source = c.place.source {
                lines.append(contentsOf: wrap("     source: \(source)", indent: indent, hanging: 4))
            }
        }
        for x in rec.rejected {
            lines.append(contentsOf: wrap("  x \(x.cloud) \(x.region)  \(x.reason.rawValue): \(x.detail)", indent: indent, hanging: 4))
        }
        return lines
    }

    /// Shortens a line to the width, marking the cut.
    private func fit(_ line: String) -> String {
        line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }

    /// Word-wraps `text` at the width after `indent`, continuation lines indented by `hanging` more.
    private func wrap(_ text: String, indent: String, hanging: Int = 0) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let prefix = line.count > indent.count ? " " : ""
            if line.count + prefix.count + word.count > width, line.count > indent.count {
                lines.append(line)
                line = indent + String(repeating: " ", count: hanging) + word
            } else {
                line += prefix + word
            }
        }
        if line.count > indent.count { lines.append(line) }
        return lines.map(fit)
    }
}

extension String {
    /// Left-aligned in `width` columns, shortened with "…" when longer.
    func padded(_ width: Int) -> String {
        if count > width { return String(prefix(width - 1)) + "…" }
        return self + String(repeating: " ", count: width - count)
    }

    var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
