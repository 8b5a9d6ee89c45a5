/// Where one workload's need runs and since which day: what damping holds in place, what the
/// store keeps between re-plans.
public struct Placement: Sendable, Hashable {
    public var workload: String
    public var capability: String
    public var cloud: String
    public var region: String
    public var since: Day

    public init(workload: String, capability: String, cloud: String, region: String, since: Day) {
        self.workload = workload
        self.capability = capability
        self.cloud = cloud
        self.region = region
        self.since = since
    }
}
