/// Where one workload's need runs today and since which day, and what runs there: what damping
/// holds in place, what the store keeps between re-plans, what the exports write.
public struct Placement: Sendable, Hashable {
    public var workload: String
    /// The capability the workload asks for (a request's `model`).
    public var capability: String
    public var cloud: String
    public var region: String
    public var since: Day
    /// What runs there today; nil only on a placement stored before the store kept it.
    public var run: Run?

    /// The offer a placement runs on today, and until when.
    public struct Run: Sendable, Hashable, Codable {
        /// The capability that serves the need: its own, or a successor's.
        public var served: String
        /// The provider's model id: the offer's `model`, else the served capability's name.
        public var model: String
        public var modelVersion: String?
        public var processing: Processing
        /// The last day of this placement plus one; nil when it runs to the horizon.
        public var until: Day?
        public var flags: [PhaseFlag]

        public init(served: String, model: String, modelVersion: String?, processing: Processing, until: Day?, flags: [PhaseFlag]) {
            self.served = served
            self.model = model
            self.modelVersion = modelVersion
            self.processing = processing
            self.until = until
            self.flags = flags
        }
    }

    public init(workload: String, capability: String, cloud: String, region: String, since: Day, run: Run? = nil) {
        self.workload = workload
        self.capability = capability
        self.cloud = cloud
        self.region = region
        self.since = since
        self.run = run
    }
}
