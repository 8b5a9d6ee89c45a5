/// Builds a recommendation's phases from its ranked candidates (rules 4 to 7).
struct TimelineBuilder {
    let candidates: [Candidate]
    let asOf: Day
    /// max(asOf, neededBy).
    let neededBy: Day
    let acceptDelayDays: Int
    let horizon: Day
    let firstAccessCloud: String
    let licenseThrough: Day
    let licenseMode: LicenseMode

    struct Result {
        var status: PlacementStatus
        var timeline: [Phase]
        /// The candidate behind each phase, in the same order.
        var phaseCandidates: [Candidate]
    }

    /// Candidates a phase may be planned on: not overdue, best rank first.
    private var plannable: [Candidate] { candidates.filter { !$0.overdue } }

    func build() -> Result {
        let usable = plannable
        guard !candidates.isEmpty else { return Result(status: .unplaceable, timeline: [], phaseCandidates: []) }
        let latestAccepted = neededBy.adding(days: acceptDelayDays)
        // Rule 4: the best-ranked candidate available by the accepted date, else the earliest.
        guard let first = usable.first(where: { $0.availableFrom <= latestAccepted })
                ?? Self.earliest(usable) else {
            return Result(status: .late, timeline: [], phaseCandidates: [])
        }
        var start = max(asOf, first.availableFrom)
        let status: PlacementStatus = start <= neededBy ? .placed : start <= latestAccepted ? .waiting : .late

        var spans: [(candidate: Candidate, from: Day, until: Day?, gap: Bool)] = []
        var current = first
        let licenseApplies = licenseMode == .avoid && horizon > licenseThrough
        let licenseEnd = licenseThrough.adding(days: 1)
        while true {
            // Rule 5: the earliest better-ranked candidate that becomes available later.
            let next = Self.earliest(usable.filter { $0.rank < current.rank && $0.availableFrom > start })
            // Rule 6, avoid: a first-access phase still current after the licence ends there.
            if licenseApplies, current.cloud == firstAccessCloud, next.map({ $0.availableFrom > licenseEnd }) ?? true {
                let others = usable.filter { $0.cloud != firstAccessCloud }
                if let replacement = others.first(where: { $0.availableFrom <= licenseEnd }) {
                    spans.append((current, start, licenseEnd, false))
                    current = replacement
                    start = licenseEnd
                    continue
                }
                spans.append((current, start, licenseEnd, true))
                guard let resume = Self.earliest(others) else { break }
                current = resume
                start = resume.availableFrom
                continue
            }
            guard let next else {
                spans.append((current, start, nil, false))
                break
            }
            spans.append((current, start, next.availableFrom, false))
            current = next
            start = next.availableFrom
        }
        let timeline = spans.map { span in
            Phase(cloud: span.candidate.cloud, region: span.candidate.region, from: span.from, until: span.until,
                  flags: flags(for: span.candidate, from: span.from, until: span.until, licenseGap: span.gap))
        }
        return Result(status: status, timeline: timeline, phaseCandidates: spans.map(\.candidate))
    }

    /// Rule 7.
    private func flags(for candidate: Candidate, from: Day, until: Day?, licenseGap: Bool) -> [PhaseFlag] {
        var flags: [PhaseFlag] = []
        let onFirstAccess = candidate.cloud == firstAccessCloud
        if onFirstAccess, candidates.contains(where: { $0.rank < candidate.rank && ($0.overdue || $0.availableFrom > from) }) {
            flags.append(.firstAccess)
        }
        switch candidate.dateKind {
        case .expected: flags.append(.expected)
        case .estimated: flags.append(.estimated)
        case .confirmed: break
        }
        if candidate.place.stage == .preview { flags.append(.preview) }
        if licenseMode == .flag, onFirstAccess, horizon > licenseThrough {
            let lastDay = until.map { $0.adding(days: -1) } ?? horizon
            if lastDay > licenseThrough { flags.append(.beyondLicense) }
        }
        if licenseGap { flags.append(.licenseGap) }
        return flags.sorted()
    }

    /// The candidate with the earliest date, ties to the better rank (candidates are in rank order).
    static func earliest(_ candidates: [Candidate]) -> Candidate? {
        candidates.min { $0.availableFrom < $1.availableFrom }
    }
}
