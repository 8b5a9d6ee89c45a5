/// Why a re-plan over time ran, as `replanned` and `recommendations-changed` events say it.
public enum ReplanTrigger: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The plan's (or the daemon's) cron schedule fired.
    case schedule
    /// The stored answer's next re-plan day came.
    case nextReplanAt
    /// A scheduled time passed while the daemon was stopped.
    case catchUp = "catch-up"
    /// Someone asked (`POST /v1/replan`, `headstart replan`).
    case requested

    public var description: String { rawValue }
}
