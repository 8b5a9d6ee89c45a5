/// Builds a recommendation's phases from its ranked candidates (rules 4 to 7, and the
/// lifecycle rules 5 and 6: a candidate's phase can end, by retirement or by the licence).
struct TimelineBuilder {
    let candidates: [Candidate]
    let asOf: Day
    /// The day the need must run by: the workload's `neededBy`, or the as-of day when that is
    /// earlier or absent (a need already due is due today).
    let dueBy: Day
    let acceptDelayDays: Int
    let horizon: Day
    let firstAccessCloud: String
    let licenseThrough: Day
    let licenseMode: LicenseMode
    /// The need's own capability: a phase on another serves a successor.
    let capability: String

    struct Result {
        var status: PlacementStatus
        var timeline: [Phase]
        /// The candidate behind each phase, in the same order.
        var phaseCandidates: [Candidate]
    }

    /// Candidates a phase may be planned on: not overdue, best rank first.
    private var plannable: [Candidate] { candidates.filter { !$0.overdue } }

    /// Under `beyondLicense: avoid`, the first day a first-access-cloud candidate no longer serves.
    private var licenseEnd: Day? { licenseMode == .avoid ? licenseThrough.adding(days: 1) : nil }

    /// Rule 2: the earlier of the retirement end and (under `avoid`, on the first-access cloud)
    /// the licence end; nil when neither applies.
    func end(of c: Candidate) -> Day? {
        let license = c.cloud == firstAccessCloud ? licenseEnd : nil
        switch (c.place.retirementEnd, license) {
        case let (r?, l?): return min(r, l)
        case let (r?, nil): return r
        case let (nil, l): return l
        }
    }

    /// Whether `c` still serves on `day`: it has started and has not ended.
    private func serves(_ c: Candidate, on day: Day) -> Bool {
        c.availableFrom <= day && end(of: c).map { $0 > day } ?? true
    }

    private struct Span {
        var candidate: Candidate
        var from: Day
        var until: Day?
    }

    func build() -> Result {
        let usable = plannable
        guard !candidates.isEmpty else { return Result(status: .unplaceable, timeline: [], phaseCandidates: []) }
        let latestAccepted = dueBy.adding(days: acceptDelayDays)
        // Rule 4: the best-ranked candidate available by the accepted date, else the earliest.
        guard
            let first = usable.first(where: { $0.availableFrom <= latestAccepted })
                ?? Self.earliest(usable)
        else {
            return Result(status: .late, timeline: [], phaseCandidates: [])
        }
        var start = max(asOf, first.availableFrom)
        let status: PlacementStatus = start <= dueBy ? .placed : start <= latestAccepted ? .waiting : .late

        var spans: [Span] = []
        var current = first
        while true {
            let ends = end(of: current)
            // a. The earliest better-ranked candidate arriving before the current one ends.
            let better = usable.filter { c in c.rank < current.rank && c.availableFrom > start && ends.map { c.availableFrom < $0 } ?? true }
            if let next = Self.earliest(better) {
                spans.append(Span(candidate: current, from: start, until: next.availableFrom))
                current = next
                start = next.availableFrom
                continue
            }
            // b. Nothing ends this phase before the horizon.
            guard let x = ends, x <= horizon else {
                spans.append(Span(candidate: current, from: start, until: nil))
                break
            }
            // c. On its end, the best candidate serving that day takes over; else a gap until the
            // earliest candidate that starts later (and serves on its start), or the end.
            spans.append(Span(candidate: current, from: start, until: x))
            if let replacement = usable.first(where: { serves($0, on: x) && $0.takesNewDeployments(on: x) }) {
                current = replacement
                start = x
                continue
            }
            guard let resume = Self.earliest(usable.filter { c in c.availableFrom > x && end(of: c).map { $0 > c.availableFrom } ?? true }) else {
                break
            }
            current = resume
            start = resume.availableFrom
        }
        let timeline = spans.enumerated().map { i, span in
            let next = i + 1 < spans.count ? spans[i + 1] : nil
            let takenOver = span.until != nil && next?.from == span.until
            return Phase(
                capability: span.candidate.capability,
                cloud: span.candidate.cloud,
                region: span.candidate.region,
                from: span.from,
                until: span.until,
                flags: flags(for: span.candidate, from: span.from, until: span.until, takenOver: takenOver),
                offerIndex: span.candidate.place.offerIndex,
                illustrative: span.candidate.place.illustrative
            )
        }
        return Result(status: status, timeline: timeline, phaseCandidates: spans.map(\.candidate))
    }

    /// Rules 7 and 6 (lifecycle): each flag judged on its own definition.
    private func flags(for candidate: Candidate, from: Day, until: Day?, takenOver: Bool) -> [PhaseFlag] {
        var flags: [PhaseFlag] = []
        let onFirstAccess = candidate.cloud == firstAccessCloud
        if onFirstAccess,
            candidates.contains(where: { c in
                c.rank < candidate.rank && (end(of: c).map { $0 > from } ?? true) && (c.overdue || c.availableFrom > from)
            })
        {
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
        if let until, !takenOver, onFirstAccess, until == licenseEnd { flags.append(.licenseGap) }
        if let until, let retirement = candidate.place.retirementEnd, until == retirement {
            flags.append(.retiring)
            if !takenOver { flags.append(.retirementGap) }
        }
        if let deprecated = candidate.place.deprecated, from >= deprecated { flags.append(.deprecated) }
        if candidate.capability != capability { flags.append(.successor) }
        return flags.sorted()
    }

    /// The candidate with the earliest date, ties to the better rank (candidates are in rank order).
    static func earliest(_ candidates: [Candidate]) -> Candidate? {
        candidates.min { $0.availableFrom < $1.availableFrom }
    }
}
