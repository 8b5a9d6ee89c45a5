/// A workload's need with no placement today: what the exports list as left out.
public struct Unplaced: Sendable, Hashable, Codable {
    public var workload: String
    public var capability: String
    public var status: PlacementStatus
    /// When its first placement starts, if it has one.
    public var starts: Day?

    public init(workload: String, capability: String, status: PlacementStatus, starts: Day?) {
        self.workload = workload
        self.capability = capability
        self.status = status
        self.starts = starts
    }
}
