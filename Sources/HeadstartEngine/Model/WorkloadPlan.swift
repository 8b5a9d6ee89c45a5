/// A team's workloads, the capabilities each needs, and by when.
public struct WorkloadPlan: Sendable, Hashable {
    public var name: String
    public var owner: String?
    /// Nothing is planned past this day.
    public var horizon: Day
    /// A cron expression for the daemon's re-planning; the engine does not read it.
    public var schedule: String?
    /// The IANA zone `schedule` is read in; nil for the daemon's zone.
    public var timeZone: String?
    /// Plan-wide preferences; each workload may override any of them.
    public var preferences: Preferences
    public var workloads: [Workload]

    public init(
        name: String,
        owner: String? = nil,
        horizon: Day,
        schedule: String? = nil,
        timeZone: String? = nil,
        preferences: Preferences = Preferences(),
        workloads: [Workload]
    ) {
        self.name = name
        self.owner = owner
        self.horizon = horizon
        self.schedule = schedule
        self.timeZone = timeZone
        self.preferences = preferences
        self.workloads = workloads
    }
}

/// One workload of a plan.
public struct Workload: Sendable, Hashable {
    public var name: String
    /// Capability names, in the order recommendations are listed.
    public var needs: [String]
    /// The day the workload must run by; nil means the as-of day.
    public var neededBy: Day?
    /// Overrides of the plan's preferences.
    public var preferences: Preferences
    /// Where the workload already runs: a deprecated offer keeps serving these.
    public var deployed: [Deployment]

    public init(name: String, needs: [String], neededBy: Day? = nil, preferences: Preferences = Preferences(), deployed: [Deployment] = []) {
        self.deployed = deployed
        self.name = name
        self.needs = needs
        self.neededBy = neededBy
        self.preferences = preferences
    }
}

/// A capability a workload already runs on a cloud's region (`deployed:`).
public struct Deployment: Sendable, Hashable, Comparable {
    public var capability: String
    public var cloud: String
    public var region: String

    public init(capability: String, cloud: String, region: String) {
        self.capability = capability
        self.cloud = cloud
        self.region = region
    }

    public static func < (a: Deployment, b: Deployment) -> Bool { (a.capability, a.cloud, a.region) < (b.capability, b.cloud, b.region) }
}

/// What to do with first-access-cloud phases past the licence.
public enum LicenseMode: String, Sendable, Hashable, CaseIterable {
    /// Keep them and flag them `beyond-license`.
    case flag
    /// Use the first-access cloud only through the licence's last day.
    case avoid
}

/// Placement preferences; nil fields inherit (workload from plan, plan from the defaults).
public struct Preferences: Sendable, Hashable {
    /// Allowed clouds, most preferred first; nil means every catalog cloud in catalog order.
    public var clouds: [String]?
    /// Preferred regions in order; unlisted regions rank after them, by name.
    public var regions: [String]?
    /// Allowed geos; nil means any.
    public var residency: [String]?
    /// Minimum stage; default `ga`.
    public var stage: Stage?
    /// Days past `neededBy` worth waiting for a more preferred cloud; default 0.
    public var acceptDelayDays: Int?
    /// Days a placement must have been available before it is used; default 0.
    public var settleDays: Int?
    /// Default `flag`.
    public var beyondLicense: LicenseMode?
    /// Days a changed placement stays before the daemon moves it again; default 0. The engine
    /// does not read it: damping needs the placement's history, which the daemon keeps.
    public var minDwellDays: Int?
    /// Leave an offer this many days before it retires; default 0.
    public var retirementLeadDays: Int?
    /// Continue on the capability's successor (and its successor's) when it stops being served; default false.
    public var followSuccessor: Bool?

    public init(
        clouds: [String]? = nil,
        regions: [String]? = nil,
        residency: [String]? = nil,
        stage: Stage? = nil,
        acceptDelayDays: Int? = nil,
        settleDays: Int? = nil,
        beyondLicense: LicenseMode? = nil,
        minDwellDays: Int? = nil,
        retirementLeadDays: Int? = nil,
        followSuccessor: Bool? = nil
    ) {
        self.retirementLeadDays = retirementLeadDays
        self.followSuccessor = followSuccessor
        self.clouds = clouds
        self.regions = regions
        self.residency = residency
        self.stage = stage
        self.acceptDelayDays = acceptDelayDays
        self.settleDays = settleDays
        self.beyondLicense = beyondLicense
        self.minDwellDays = minDwellDays
    }

    /// These preferences with every field `overrides` sets taking its place.
    public func overridden(by overrides: Preferences) -> Preferences {
        Preferences(
            clouds: overrides.clouds ?? clouds,
            regions: overrides.regions ?? regions,
            residency: overrides.residency ?? residency,
            stage: overrides.stage ?? stage,
            acceptDelayDays: overrides.acceptDelayDays ?? acceptDelayDays,
            settleDays: overrides.settleDays ?? settleDays,
            beyondLicense: overrides.beyondLicense ?? beyondLicense,
            minDwellDays: overrides.minDwellDays ?? minDwellDays,
            retirementLeadDays: overrides.retirementLeadDays ?? retirementLeadDays,
            followSuccessor: overrides.followSuccessor ?? followSuccessor
        )
    }
}

/// Preferences with every default filled in, as the rules use them.
public struct EffectivePreferences: Sendable, Hashable {
    public var clouds: [String]
    public var regions: [String]
    public var residency: Set<String>?
    public var stage: Stage
    public var acceptDelayDays: Int
    public var settleDays: Int
    public var beyondLicense: LicenseMode
    public var minDwellDays: Int
    public var retirementLeadDays: Int
    public var followSuccessor: Bool

    /// Fills `preferences` with the defaults, taking the cloud order from `catalog`.
    public init(_ preferences: Preferences, catalog: Catalog) {
        clouds = preferences.clouds ?? catalog.clouds.map(\.name)
        regions = preferences.regions ?? []
        residency = preferences.residency.map(Set.init)
        stage = preferences.stage ?? .ga
        acceptDelayDays = preferences.acceptDelayDays ?? 0
        settleDays = preferences.settleDays ?? 0
        beyondLicense = preferences.beyondLicense ?? .flag
        minDwellDays = preferences.minDwellDays ?? 0
        retirementLeadDays = preferences.retirementLeadDays ?? 0
        followSuccessor = preferences.followSuccessor ?? false
    }
}
