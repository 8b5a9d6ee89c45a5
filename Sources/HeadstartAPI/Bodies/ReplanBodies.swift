/// `POST /v1/replan[?plan=NAME]`.
public struct ReplanBody: Codable, Sendable, Equatable {
    public var replanned: Int
    public var changed: Int
    public var invalid: Int
    public var plans: [PlanReplan]

    public init(plans: [PlanReplan]) {
        self.replanned = plans.count
        self.changed = plans.filter(\.changed).count
        self.invalid = plans.filter { $0.invalid != nil }.count
        self.plans = plans
    }
}

/// What one re-plan of one plan did.
public struct PlanReplan: Codable, Sendable, Equatable {
    public var plan: String
    public var changed: Bool
    /// Empty when nothing changed.
    public var changes: [RecommendationChange]
    /// The plan's validation errors against the catalog in force; absent when it validates.
    public var invalid: [String]?

    public init(plan: String, changed: Bool, changes: [RecommendationChange], invalid: [String]? = nil) {
        self.plan = plan
        self.changed = changed
        self.changes = changes
        self.invalid = invalid
    }
}

/// `PUT /v1/catalog`.
public struct CatalogReplacedBody: Codable, Sendable, Equatable {
    public var version: String
    public var replanned: Int
    /// The plans whose recommendations changed.
    public var changed: [String]
    /// The plans that no longer validate (their answers are kept, marked stale).
    public var invalid: [String]

    public init(version: String, replans: [PlanReplan]) {
        self.version = version
        self.replanned = replans.count
        self.changed = replans.filter(\.changed).map(\.plan)
        self.invalid = replans.filter { $0.invalid != nil }.map(\.plan)
    }
}
