import Synchronization

/// How a workload's need for a capability is met.
public enum PlacementStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Runs by the day it is needed.
    case placed
    /// Starts after the day it is needed, within acceptDelayDays, on a more preferred cloud.
    case waiting
    /// Starts after neededBy + acceptDelayDays, or only overdue forecasts remain.
    case late
    /// No candidate survives the filters.
    case unplaceable
}

/// A mark on a phase; raw values are stable codes and sort the flags.
public enum PhaseFlag: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    case firstAccess = "first-access"
    case expected
    case estimated
    case preview
    case beyondLicense = "beyond-license"
    case licenseGap = "license-gap"
    /// The phase ends on its offer's retirement day (less the lead days).
    case retiring
    /// Retiring, and nothing takes over on that day.
    case retirementGap = "retirement-gap"
    /// The phase starts on or after its offer's deprecation day: valid only for a workload already deployed.
    case deprecated
    /// The phase serves a successor, not the need's own capability.
    case successor

    public static func < (lhs: PhaseFlag, rhs: PhaseFlag) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A stretch of time on one cloud and region, from `from` up to but not including `until`.
public struct Phase: Sendable, Hashable {
    /// The capability the phase serves: the need's own, or a successor's.
    public var capability: String
    public var cloud: String
    public var region: String
    public var from: Day
    /// Nil for the last phase, which runs to the horizon.
    public var until: Day?
    /// Sorted by raw value.
    public var flags: [PhaseFlag]
    /// The catalog offer it runs on: an index into `capability`'s offers (what an export needs
    /// for the model and the deployment type); nil when not known.
    public var offerIndex: Int?
    /// Its offer rests on an assumption (`illustrative: true` in the catalog).
    public var illustrative: Bool

    public init(
        capability: String,
        cloud: String,
        region: String,
        from: Day,
        until: Day?,
        flags: [PhaseFlag],
        offerIndex: Int? = nil,
        illustrative: Bool = false
    ) {
        self.illustrative = illustrative
        self.offerIndex = offerIndex
        self.capability = capability
        self.cloud = cloud
        self.region = region
        self.from = from
        self.until = until
        self.flags = flags
    }

    /// Whether the phase covers `day`.
    public func covers(_ day: Day) -> Bool {
        from <= day && (until.map { day < $0 } ?? true)
    }
}

/// The plan for one workload × capability.
///
/// Everything but the workload's name lives in one immutable shared box: the planner copies a
/// recommendation for every workload that shares it, and a copy then costs one reference, not
/// one per field. A setter replaces the box (copy on write).
public struct Recommendation: Sendable, Hashable {
    public var workload: String
    private var shared: Shared

    public var capability: String {
        get { shared.capability }
        set { update { $0.capability = newValue } }
    }
    public var status: PlacementStatus {
        get { shared.status }
        set { update { $0.status = newValue } }
    }
    /// Phases in time order; each ranks better than the one before, except across the licence end.
    public var timeline: [Phase] {
        get { shared.timeline }
        set { update { $0.timeline = newValue } }
    }
    /// Survivors of the filters, best first.
    public var candidates: [Candidate] {
        get { shared.candidates }
        set { update { $0.candidates = newValue } }
    }
    /// Refused candidates in catalog order.
    public var rejected: [Rejection] {
        get { shared.rejected }
        set { update { $0.rejected = newValue } }
    }
    /// One or two sentences for people, written when first read (a summary never needs them)
    /// and then shared by every copy of this recommendation.
    public var why: String {
        get { shared.whyText ?? shared.explanation?.text(for: self) ?? "" }
        set { update { $0.whyText = newValue } }
    }
    /// The deferred explanation, shared by the copies the planner makes for each workload.
    var explanation: DeferredExplanation? {
        get { shared.explanation }
        set { update { $0.explanation = newValue } }
    }
    /// The as-of day the recommendation was computed for.
    public var asOf: Day {
        get { shared.asOf }
        set { update { $0.asOf = newValue } }
    }

    /// The phase covering the as-of day, nil if none does.
    public var current: Phase? { timeline.first { $0.covers(asOf) } }

    public init(
        workload: String,
        capability: String,
        status: PlacementStatus,
        timeline: [Phase],
        candidates: [Candidate],
        rejected: [Rejection],
        why: String?,
        asOf: Day
    ) {
        self.workload = workload
        self.shared = Shared(
            Fields(
                capability: capability,
                status: status,
                timeline: timeline,
                candidates: candidates,
                rejected: rejected,
                whyText: why,
                explanation: nil,
                asOf: asOf
            )
        )
    }

    /// Rejections per reason.
    public var rejectedCounts: [RejectionReason: Int] {
        // Counted by position, then put in a dictionary once per reason: a reason hashes its
        // string, and a recommendation has a hundred rejections and a handful of reasons.
        var counts = [Int](repeating: 0, count: RejectionReason.allCases.count)
        for rejection in rejected { counts[rejection.reason.position] += 1 }
        var out: [RejectionReason: Int] = [:]
        for (position, count) in counts.enumerated() where count > 0 { out[RejectionReason.allCases[position]] = count }
        return out
    }

    /// The scheduler-style one-line diagnosis of the filters.
    public var diagnosis: Diagnosis {
        Diagnosis(total: candidates.count + rejected.count, usable: candidates.count, rejectedCounts: rejectedCounts)
    }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var fields = shared.fields
        change(&fields)
        // The explanation is written from these facts: a copy whose facts change (damping holds
        // one workload's placement) gets its own, or it would share a sibling's sentences.
        if let explanation = fields.explanation, explanation === shared.fields.explanation, !fields.sameFacts(as: shared.fields) {
            fields.explanation = DeferredExplanation(explanation.inputs)
        }
        shared = Shared(fields)
    }

    struct Fields: Sendable, Hashable {
        var capability: String
        var status: PlacementStatus
        var timeline: [Phase]
        var candidates: [Candidate]
        var rejected: [Rejection]
        var whyText: String?
        var explanation: DeferredExplanation?
        var asOf: Day

        /// Equal in everything an explanation is written from.
        func sameFacts(as other: Fields) -> Bool {
            capability == other.capability && status == other.status && timeline == other.timeline && candidates == other.candidates
                && rejected == other.rejected && asOf == other.asOf
        }
    }

    /// The immutable box the copies share.
    final class Shared: Sendable, Hashable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }

        var capability: String { fields.capability }
        var status: PlacementStatus { fields.status }
        var timeline: [Phase] { fields.timeline }
        var candidates: [Candidate] { fields.candidates }
        var rejected: [Rejection] { fields.rejected }
        var whyText: String? { fields.whyText }
        var explanation: DeferredExplanation? { fields.explanation }
        var asOf: Day { fields.asOf }

        static func == (lhs: Shared, rhs: Shared) -> Bool { lhs === rhs || lhs.fields == rhs.fields }
        func hash(into hasher: inout Hasher) { hasher.combine(fields) }
    }
}

/// An explanation written once, on first use, for a recommendation and all its copies.
final class DeferredExplanation: Sendable, Hashable {
    let inputs: Explanation.Inputs
    private let text = Mutex<String?>(nil)

    init(_ inputs: Explanation.Inputs) { self.inputs = inputs }

    func text(for recommendation: Recommendation) -> String {
        if let done = text.withLock({ $0 }) { return done }
        let written = Explanation(recommendation: recommendation, inputs: inputs).sentences
        text.withLock { $0 = written }
        return written
    }

    static func == (lhs: DeferredExplanation, rhs: DeferredExplanation) -> Bool { lhs.inputs == rhs.inputs }
    func hash(into hasher: inout Hasher) { hasher.combine(inputs) }
}

/// "3/9 candidates pass the filters: 4 residency, 2 cloud-not-allowed", like the Kubernetes
/// scheduler's "0/N nodes are available" line.
public struct Diagnosis: Sendable, Hashable, CustomStringConvertible {
    public var total: Int
    public var usable: Int
    public var rejectedCounts: [RejectionReason: Int]

    public var description: String {
        let reasons = rejectedCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.value) \($0.key.rawValue)" }
        let head = "\(usable)/\(total) candidates pass the filters"
        return reasons.isEmpty ? head : head + ": " + reasons.joined(separator: ", ")
    }
}
