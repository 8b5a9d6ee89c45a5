import HeadstartEngine

/// One self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched) with a
/// timeline per capability: a lane per workload, a bar per phase coloured by cloud, the
/// first-access window shaded, the as-of day and the licence's end marked, a status badge per
/// lane, and the why on hover.
public struct HTMLReport: Sendable {
    public var catalog: Catalog
    /// The SVG's width in pixels, labels included.
    public var width = 960

    public init(catalog: Catalog) {
        self.catalog = catalog
    }

    static let colours = ["azure": "#0078d4", "aws": "#ff9900", "gcp": "#34a853", "oci": "#c74634", "openai": "#10a37f"]
    static let badges = ["placed": "#2e7d32", "waiting": "#1565c0", "late": "#ef6c00", "unplaceable": "#c62828"]
    static let laneHeight = 26, labelWidth = 220, badgeWidth = 96, top = 40

    public func render(_ items: [Item]) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Headstart report: \(Self.escape(items.map(\.plan).joined(separator: ", ")))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
            h1{font-size:20px}h2{font-size:17px;margin-top:28px}h3{font-size:15px;margin:18px 0 4px}
            .meta{color:#555}.legend span{display:inline-block;margin-right:14px}
            .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px;border-radius:2px}
            svg text{font:12px system-ui,sans-serif}svg .label{fill:#222}svg .badge{fill:#fff;font-weight:600}
            </style></head><body>
            <h1>Headstart report</h1>
            <p class="meta">Catalog \(Self.escape(catalog.version)); \(headStartText); licence through \(catalog.terms.licenseThrough).</p>
            <p class="legend">
            """
        for (cloud, colour) in Self.colours.sorted(by: { $0.key < $1.key }) {
            html += "<span><i style=\"background:\(colour)\"></i>\(cloud)</span>"
        }
        html += "<span><i style=\"background:#fde9a8\"></i>first-access window</span>"
        html +=
            "<span><i style=\"background:#bbb;outline:1px dashed #333\"></i>flagged phase (first access, expected, estimated, preview, licence, deprecated, retiring, successor)</span>"
        html += "<span><i style=\"background:#b71c1c\"></i>retirement day</span>"
        if let lags = headStartLegend { html += "<span class=\"head-start\">\(lags)</span>" }
        html += "</p>\n"
        for item in items { html += plan(item) }
        return html + "</body></html>\n"
    }

    /// The first-access terms: one window for every cloud, or (measured) the window only as a fallback.
    var headStartText: String {
        let terms = catalog.terms
        guard terms.estimates == .measured else {
            return "first access on \(Self.escape(terms.firstAccessCloud)) for \(terms.firstAccessWindowDays) days after a launch"
        }
        return "first access on \(Self.escape(terms.firstAccessCloud)), undated offers dated by each cloud's head start (in the legend)"
    }

    /// Under `estimates: measured`, the head start each cloud's undated offers follow a launch by.
    var headStartLegend: String? {
        guard catalog.terms.estimates == .measured else { return nil }
        let body = HeadStartBody(HeadStart(catalog: catalog), catalog: catalog)
        let others = body.clouds.filter { $0.basis != HeadStart.Basis.firstAccess.rawValue }.map { row in
            "\(Self.escape(row.cloud)) \(HeadStartBody.days(row.lagDays)), \(Self.escape(HeadStartRenderer.basis(row, body)))"
        }
        return "head start behind \(Self.escape(body.firstAccessCloud)): " + others.joined(separator: "; ")
    }

    private func plan(_ item: Item) -> String {
        let r = item
        var html = "<section class=\"plan\"><h2>Plan \(Self.escape(r.plan))</h2>\n"
        html += "<p class=\"meta\">As of \(r.asOf), horizon \(item.horizon), catalog \(Self.escape(r.catalogVersion))"
        html += r.nextReplanAt.map { ", next re-plan \($0)" } ?? ""
        html += ".</p>\n"
        var order: [String] = []
        var byCapability: [String: [Item.Lane]] = [:]
        for rec in r.lanes {
            if byCapability[rec.capability] == nil { order.append(rec.capability) }
            byCapability[rec.capability, default: []].append(rec)
        }
        for capability in order {
            html += timeline(capability, byCapability[capability] ?? [], from: r.asOf, to: max(item.horizon, r.asOf.adding(days: 1)))
        }
        return html + "</section>\n"
    }

    private func timeline(_ capability: String, _ lanes: [Item.Lane], from: Day, to: Day) -> String {
        let plotLeft = Self.labelWidth + Self.badgeWidth
        let plotWidth = width - plotLeft - 10
        let span = Double(to.ordinal - from.ordinal)
        func x(_ day: Day) -> Int {
            let clamped = min(max(day.ordinal, from.ordinal), to.ordinal)
            return plotLeft + Int((Double(clamped - from.ordinal) / span * Double(plotWidth)).rounded())
        }
        let height = Self.top + lanes.count * Self.laneHeight + 8
        var svg = "<h3>\(Self.escape(capability))</h3>\n"
        svg +=
            "<svg class=\"timeline\" data-capability=\"\(Self.escape(capability))\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">\n"
        // The first-access window after the capability's launch, where it falls in view.
        if let c = catalog.capabilities.first(where: { $0.name == capability }), !c.azureDeclined {
            let end = c.launch.adding(days: catalog.terms.firstAccessWindowDays)
            if end > from, c.launch < to {
                svg +=
                    "<rect class=\"first-access\" x=\"\(x(c.launch))\" y=\"\(Self.top - 6)\" width=\"\(max(1, x(end) - x(c.launch)))\" height=\"\(height - Self.top)\" fill=\"#fde9a8\"><title>first-access window: \(c.launch) to \(end)</title></rect>\n"
            }
        }
        // Year ticks.
        let firstYear = Int(from.description.prefix(4)) ?? 0
        let lastYear = Int(to.description.prefix(4)) ?? 0
        if lastYear > firstYear {
            for year in (firstYear + 1)...lastYear {
                guard let day = Day(iso: "\(year)-01-01"), day > from, day < to else { continue }
                svg +=
                    "<line x1=\"\(x(day))\" x2=\"\(x(day))\" y1=\"\(Self.top - 6)\" y2=\"\(height)\" stroke=\"#ddd\"/><text x=\"\(x(day) + 3)\" y=\"\(Self.top - 8)\" fill=\"#777\">\(year)</text>\n"
            }
        }
        for (i, rec) in lanes.enumerated() {
            let y = Self.top + i * Self.laneHeight
            let status = rec.status.rawValue
            svg +=
                "<g class=\"lane\" data-workload=\"\(Self.escape(rec.workload))\" data-status=\"\(status)\"><title>\(Self.escape(rec.why))</title>\n"
            svg += "<text class=\"label\" x=\"0\" y=\"\(y + 17)\">\(Self.escape(Self.shortened(rec.workload, 30)))</text>\n"
            svg +=
                "<rect x=\"\(Self.labelWidth)\" y=\"\(y + 4)\" width=\"\(Self.badgeWidth - 10)\" height=\"18\" rx=\"9\" fill=\"\(Self.badges[status] ?? "#666")\"/>"
            svg +=
                "<text class=\"badge\" x=\"\(Self.labelWidth + (Self.badgeWidth - 10) / 2)\" y=\"\(y + 17)\" text-anchor=\"middle\">\(status)</text>\n"
            for phase in rec.timeline {
                let start = x(phase.from)
                let end = x(phase.until ?? to)
                guard end > start || phase.from == from else { continue }
                let flags = phase.flags.isEmpty ? "" : " (" + phase.flags.map(\.rawValue).joined(separator: ", ") + ")"
                svg +=
                    "<rect class=\"phase\" data-cloud=\"\(Self.escape(phase.cloud))\" x=\"\(start)\" y=\"\(y + 4)\" width=\"\(max(2, end - start))\" height=\"18\" rx=\"3\" fill=\"\(Self.colour(phase.cloud))\""
                svg += phase.flags.isEmpty ? "" : " fill-opacity=\"0.75\" stroke=\"#333\" stroke-dasharray=\"3 2\""
                let serves = phase.capability == rec.capability ? "" : "\(phase.capability) (successor) on "
                svg +=
                    "><title>\(Self.escape("\(serves)\(phase.cloud) \(phase.region), \(phase.from) to \(phase.until?.description ?? "the horizon")\(flags)"))</title></rect>\n"
                if !serves.isEmpty, end - start > 40 {
                    // A successor's phase is labelled with the capability it serves.
                    svg +=
                        "<text class=\"successor\" x=\"\(start + 4)\" y=\"\(y + 17)\" fill=\"#fff\">\(Self.escape(Self.shortened(phase.capability, max(3, (end - start - 8) / 7))))</text>\n"
                }
                if phase.flags.contains(.retiring), let until = phase.until, until <= to {
                    // The retirement day: the offer stops serving there.
                    svg +=
                        "<line class=\"retirement\" x1=\"\(x(until))\" x2=\"\(x(until))\" y1=\"\(y + 1)\" y2=\"\(y + 25)\" stroke=\"#b71c1c\" stroke-width=\"3\"><title>\(Self.escape("\(phase.capability) leaves \(phase.cloud) \(phase.region) on \(until): retirement"))</title></line>\n"
                }
            }
            svg += "</g>\n"
        }
        svg += Self.marker(x: x(from), height: height, label: "as of \(from)", colour: "#222")
        if catalog.terms.licenseThrough >= from, catalog.terms.licenseThrough <= to {
            svg += Self.marker(x: x(catalog.terms.licenseThrough), height: height, label: "licence ends", colour: "#c62828")
        }
        return svg + "</svg>\n"
    }

    private static func marker(x: Int, height: Int, label: String, colour: String) -> String {
        "<line class=\"marker\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(top - 24)\" y2=\"\(height)\" stroke=\"\(colour)\" stroke-width=\"2\"><title>\(escape(label))</title></line>"
            + "<text x=\"\(x + 3)\" y=\"\(top - 26)\" fill=\"\(colour)\">\(escape(label))</text>\n"
    }

    /// A fixed colour per known cloud, another one from the name for the rest.
    static func colour(_ cloud: String) -> String {
        if let known = colours[cloud] { return known }
        let hue = cloud.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) % 360 }
        return "hsl(\(hue),45%,50%)"
    }

    static func shortened(_ s: String, _ n: Int) -> String {
        s.count <= n ? s : String(s.prefix(n - 1)) + "…"
    }

    /// Text safe in HTML and SVG, content and attribute values alike.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
