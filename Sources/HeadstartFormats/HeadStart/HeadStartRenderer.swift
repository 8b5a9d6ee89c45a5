/// `headstart catalog lags`: one line per cloud, then the samples, for people.
public struct HeadStartRenderer: Sendable {
    public var width: Int

    public init(width: Int = 100) { self.width = width }

    public func render(_ body: HeadStartBody) -> String {
        let since = body.measuredSince.map { " since \($0)" } ?? ""
        var lines = [
            "Head start behind \(body.firstAccessCloud) · catalog \(body.catalogVersion) · estimates: \(body.estimates)\(since)"
                + " · window \(HeadStartBody.days(body.windowDays))", "",
        ]
        let cloudWidth = max(5, body.clouds.map(\.cloud.count).max() ?? 0) + 2
        let lagWidth = max(10, body.clouds.map { HeadStartBody.days($0.lagDays).count }.max() ?? 0) + 2
        lines.append("CLOUD".padded(cloudWidth) + "HEAD START".padded(lagWidth) + "FROM")
        for row in body.clouds {
            lines.append(row.cloud.padded(cloudWidth) + HeadStartBody.days(row.lagDays).padded(lagWidth) + Self.basis(row, body))
        }
        lines.append("")
        lines.append("Samples (days from a launch to the cloud's first confirmed offer):")
        for row in body.clouds {
            let samples = row.observations.map { "\($0.capability) \($0.lagDays)" }
            lines += wrap(
                samples.isEmpty ? "none" : samples.joined(separator: ", "),
                first: "  " + row.cloud.padded(cloudWidth),
                indent: String(repeating: " ", count: 2 + cloudWidth)
            )
        }
        return lines.map { TerminalText.visible($0.trailingSpacesRemoved) }.joined(separator: "\n") + "\n"
    }

    /// "measured over 4 models (0-14)", "first access (5 models, 0-0)", "window: only 1 model measured (61)".
    static func basis(_ row: HeadStartBody.Cloud, _ body: HeadStartBody) -> String {
        let range = row.minDays.flatMap { min in row.maxDays.map { "\(min)-\($0)" } }
        let models = HeadStartBody.models(row.samples)
        switch row.basis {
        case "first-access": return "first access" + (range.map { " (\(models): \($0))" } ?? "")
        case "measured": return "measured over \(models)" + (range.map { " (\($0))" } ?? "")
        default:
            if body.estimates == "window" { return "window" + (range.map { " (\(models) measured: \($0))" } ?? "") }
            return "window: " + (row.samples == 0 ? "no model measured" : "only \(models) measured" + (range.map { " (\($0))" } ?? ""))
        }
    }

    private func wrap(_ text: String, first: String, indent: String) -> [String] {
        var out: [String] = []
        var line = first
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                out.append(line)
                line = indent + word
            } else {
                line += (line.count > indent.count && line.last != " " ? " " : "") + word
            }
        }
        out.append(line)
        return out
    }
}
