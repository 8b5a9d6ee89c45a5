/// Why a plan is re-planned on its next re-plan day (rule 8).
public enum ReplanReason: String, Sendable, Hashable, Codable, CaseIterable {
    /// A phase of the timeline starts or ends that day.
    case phase
    /// A move held back by `minDwellDays` may happen that day.
    case hold
    /// A forecast is overdue: it is checked again every day until it is confirmed or dropped.
    case overdue
}
