/// The `why` of a recommendation: one or two plain sentences built from its own facts.
struct Explanation {
    /// The facts a sentence needs that the recommendation does not hold.
    struct Inputs: Sendable, Hashable {
        var neededBy: Day?
        var acceptDelayDays: Int
        var firstAccessCloud: String
    }

    let recommendation: Recommendation
    let inputs: Inputs
    var neededBy: Day? { inputs.neededBy }
    var acceptDelayDays: Int { inputs.acceptDelayDays }
    var firstAccessCloud: String { inputs.firstAccessCloud }

    var sentences: String {
        let r = recommendation
        let diagnosis = r.diagnosis
        switch r.status {
        case .unplaceable:
            return "No candidate fits: \(diagnosis)."
        case .late where r.timeline.isEmpty:
            let overdue = r.candidates.filter(\.overdue).map { "\(place($0)) (\($0.dateKind.rawValue) \($0.availableFrom))" }
            return
                "Every remaining candidate is an overdue forecast: \(overdue.joined(separator: ", ")); nothing is planned on them until the catalog confirms one. \(diagnosis)."
        default:
            break
        }
        guard let first = r.timeline.first else { return "\(diagnosis)." }
        let due = max(r.asOf, neededBy ?? r.asOf)
        var text: String
        switch r.status {
        case .placed:
            text = "Runs on \(first.cloud) \(first.region) from \(first.from)"
            if first.flags.contains(.firstAccess) { text += " under \(firstAccessCloud) first access" }
        case .waiting:
            text =
                "Waits for \(first.cloud) \(first.region) from \(first.from), \(due.days(until: first.from)) days after it is needed (\(due)), within acceptDelayDays \(acceptDelayDays)"
        default:
            text = "Nothing usable by \(due); the earliest is \(first.cloud) \(first.region) from \(first.from)"
        }
        if first.flags.contains(.expected) || first.flags.contains(.estimated) {
            text += first.flags.contains(.expected) ? " (expected, not confirmed)" : " (estimated, no date known)"
        }
        if first.capability != r.capability { text += " on \(first.capability), its successor" }
        let moves = zip(r.timeline, r.timeline.dropFirst()).map { previous, phase in
            let successor = phase.capability != r.capability ? "\(phase.capability) (successor) on " : ""
            // Why it moves: its offer retires (less any lead days), or something better arrives.
            let retiring = previous.flags.contains(.retiring) ? " as \(previous.capability) on \(previous.cloud) \(previous.region) retires" : ""
            return successor + "\(phase.cloud) \(phase.region) on \(phase.from)"
                + (phase.flags.contains(.expected) ? " (expected)" : phase.flags.contains(.estimated) ? " (estimated)" : "") + retiring
        }
        if !moves.isEmpty { text += "; moves to " + moves.joined(separator: ", then ") }
        text += "."
        if let end = r.timeline.first(where: { $0.flags.contains(.retirementGap) }) {
            text +=
                " \(end.capability) retires on \(end.cloud) \(end.region) on \(end.until.map(String.init(describing:)) ?? "that day") and nothing takes over\(r.timeline.last == end ? "" : " at once")."
        }
        if first.flags.contains(.deprecated) {
            text += " \(first.cloud) takes no new deployments of \(first.capability) there: only one already running may stay."
        }
        if let gap = r.timeline.first(where: { $0.flags.contains(.licenseGap) }) {
            text +=
                " \(gap.cloud) is avoided after the licence ends, and nothing else is available on \(gap.until.map(String.init(describing:)) ?? "that day")."
        } else if r.timeline.contains(where: { $0.flags.contains(.beyondLicense) }) {
            text += " Part of it runs on \(firstAccessCloud) past the licence end."
        }
        return text + " \(diagnosis)."
    }

    private func place(_ c: Candidate) -> String { "\(c.cloud) \(c.region)" }
}
