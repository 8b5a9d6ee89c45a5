import HeadstartAPI

extension PlanListing.ReplanReason {
    /// What `headstart list` prints in its WHY column.
    var words: String {
        switch self {
        case .phase: "a phase starts or ends"
        case .hold: "a held move is free"
        case .overdue: "overdue forecast: checked daily"
        }
    }
}
