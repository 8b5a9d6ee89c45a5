import HeadstartAPI
import HeadstartEngine

// The engine's values in their wire forms: what the daemon and `plan --format json` write.

extension DiagnosticBody {
    public init(_ d: Diagnostic) {
        self.init(file: d.file, line: d.line, column: d.column, severity: d.severity.rawValue, code: d.code.rawValue, message: d.message)
    }
}

extension PlanListing.ReplanReason {
    public init(_ reason: HeadstartEngine.ReplanReason) {
        switch reason {
        case .phase: self = .phase
        case .hold: self = .hold
        case .overdue: self = .overdue
        }
    }
}

extension RecommendationsBody.Phase {
    /// The wire form of an engine phase: days as `YYYY-MM-DD`, flags by name.
    public init(_ phase: HeadstartEngine.Phase) {
        self.init(
            capability: phase.capability,
            cloud: phase.cloud,
            flags: phase.flags.map(\.rawValue),
            from: phase.from.description,
            illustrative: phase.illustrative ? true : nil,
            region: phase.region,
            until: phase.until?.description
        )
    }
}
