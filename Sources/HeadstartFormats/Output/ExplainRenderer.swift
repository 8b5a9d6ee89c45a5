import HeadstartEngine

/// `headstart explain`: every candidate considered for one workload's capability, in the manner
/// of SkyPilot's "considered resources" table, then the diagnosis and the timeline.
public struct ExplainRenderer: Sendable {
    /// The day a candidate must be usable by: the workload's `neededBy`, else the as-of day.
    public var usableBy: Day
    public var width: Int
    /// Each cloud's head start, to say where an estimated date comes from (measured mode only).
    public var headStart: HeadStartBody?

    public init(usableBy: Day, width: Int = 100, headStart: HeadStartBody? = nil) {
        self.usableBy = usableBy
        self.width = width
        self.headStart = headStart
    }

    public func render(_ r: Recommendation, plan: String) -> String {
        var lines = ["\(plan) · \(r.workload) · \(r.capability) · as of \(r.asOf) · \(r.status.rawValue)", ""]
        // A column is as wide as its longest cell and two spaces: germanywestcentral ran into the next.
        let regions = r.candidates.map(\.region) + r.rejected.map(\.region)
        let row = Row(
            cloud: max(8, (r.candidates.map(\.cloud) + r.rejected.map(\.cloud)).map(\.count).max().map { $0 + 2 } ?? 0),
            region: max(18, regions.map(\.count).max().map { $0 + 2 } ?? 0)
        )
        let header = row("RANK", "CLOUD", "REGION", "PROCESSING", "STAGE", "DATE", "KIND", "RESULT")
        lines.append(header)
        // With followSuccessor the pool spans the successor chain: its candidates come in chain
        // order, each capability under a line of its own.
        let pooled = Set(r.candidates.map(\.capability) + r.rejected.map(\.place.capability)).count > 1
        var section: String?
        for c in r.candidates {
            if pooled, c.capability != section {
                section = c.capability
                lines.append(c.capability == r.capability ? "  \(c.capability):" : "  \(c.capability), successor:")
            }
            let result = c.overdue ? "overdue forecast" : c.availableFrom > usableBy ? "not before \(c.availableFrom)" : "usable"
            lines.append(
                row(
                    String(c.rank),
                    c.cloud,
                    c.region,
                    c.place.processing.rawValue,
                    c.place.stage.rawValue,
                    c.availableFrom.description,
                    c.dateKind.rawValue,
                    result
                )
            )
            if let retires = c.place.retires { lines.append(String(repeating: " ", count: 5) + "↳ retires \(retires)") }
            if c.dateKind == .estimated, let from = headStart?.estimateSource(cloud: c.cloud, capability: c.capability) {
                lines += wrap("estimated: " + from, indent: String(repeating: " ", count: 5) + "↳ ")
            }
            // What the date or the region rests on, when it is an assumption rather than a report.
            if c.place.illustrative {
                let source = c.place.source ?? "no source given"
                let text = "* " + (source.hasPrefix("illustrative") ? "" : "illustrative: ") + source
                lines += wrap(text, indent: String(repeating: " ", count: 5) + "↳ ")
            }
        }
        for x in r.rejected.sorted(by: {
            ($0.reason, $0.place.capability, $0.cloud, $0.region) < ($1.reason, $1.place.capability, $1.cloud, $1.region)
        }) {
            lines.append(
                row(
                    "-",
                    x.cloud,
                    x.region,
                    x.place.processing.rawValue,
                    x.place.stage.rawValue,
                    x.place.availableFrom.description,
                    x.place.dateKind.rawValue,
                    x.reason.rawValue
                )
            )
            // The sentence under its row, where it has the width to be read whole.
            lines += wrap((pooled ? "\(x.place.capability): " : "") + x.detail, indent: String(repeating: " ", count: 5) + "↳ ")
        }
        lines.append("")
        lines += wrap(diagnosis(r), indent: "")
        lines.append("")
        lines.append("Timeline:")
        if r.timeline.isEmpty { lines.append("  (nothing placed before the horizon)") }
        let placements = r.timeline.map { ($0.capability == r.capability ? "" : "\($0.capability) on ") + "\($0.cloud) \($0.region)" }
        let placementWidth = max(30, placements.map(\.count).max().map { $0 + 2 } ?? 0)
        for (phase, placement) in zip(r.timeline, placements) {
            let span = "\(phase.from) → \(phase.until?.description ?? "horizon")"
            let flags = (phase.illustrative ? "* " : "") + phase.flags.map(\.rawValue).joined(separator: ", ")
            lines.append("  " + span.padded(26) + placement.padded(placementWidth) + flags)
        }
        if r.timeline.contains(where: \.illustrative) { lines.append("  * rests on an illustrative offer: an assumption, not a report") }
        lines.append("")
        lines += wrap("Why: \(r.why)", indent: "")
        // Each line is one line: text from a plan or a catalog cannot break it or act on the terminal.
        return lines.map { TerminalText.visible(fit($0.trailingSpacesRemoved)) }.joined(separator: "\n") + "\n"
    }

    /// "1/16 candidates usable by 2026-12-01: 11 residency, 3 not before 2027-01-15, 1 cloud-not-allowed".
    public func diagnosis(_ r: Recommendation) -> String {
        let usable = r.candidates.filter { !$0.overdue && $0.availableFrom <= usableBy }
        let later = r.candidates.filter { !$0.overdue && $0.availableFrom > usableBy }
        let overdue = r.candidates.filter(\.overdue).count
        var parts: [(count: Int, text: String)] = r.rejectedCounts.map { ($0.value, $0.key.rawValue) }
        if let first = later.map(\.availableFrom).min() { parts.append((later.count, "not before \(first)")) }
        if overdue > 0 { parts.append((overdue, "overdue")) }
        let reasons = parts.sorted { ($0.count, $1.text) > ($1.count, $0.text) }.map { "\($0.count) \($0.text)" }
        let head = "\(usable.count)/\(r.candidates.count + r.rejected.count) candidates usable by \(usableBy)"
        // When every offer has retired, that is the news, not the filters' counts (as validate says).
        let retires = r.rejected.map(\.place.retires)
        if r.candidates.isEmpty, !retires.isEmpty, let last = retires.compactMap({ $0 }).max(),
            retires.allSatisfy({ $0.map { $0 <= r.asOf } ?? false })
        {
            return head + ": every offer of \(r.capability) has retired (the last on \(last)); " + reasons.joined(separator: ", ")
        }
        return reasons.isEmpty ? head : head + ": " + reasons.joined(separator: ", ")
    }

    /// The candidate table's row, with the cloud and region columns as wide as their cells need.
    private struct Row {
        var cloud: Int
        var region: Int

        func callAsFunction(
            _ rank: String,
            _ cloud: String,
            _ region: String,
            _ processing: String,
            _ stage: String,
            _ date: String,
            _ kind: String,
            _ result: String
        ) -> String {
            rank.padded(5) + cloud.padded(self.cloud) + region.padded(self.region) + processing.padded(11) + stage.padded(8)
                + date.padded(12) + kind.padded(10) + result
        }
    }

    private func wrap(_ text: String, indent: String) -> [String] {
        var out: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                out.append(line)
                line = String(repeating: " ", count: indent.count) + word
            } else {
                line += (line.count > indent.count ? " " : "") + word
            }
        }
        if line.count > indent.count { out.append(line) }
        return out
    }

    private func fit(_ line: String) -> String {
        line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }
}
