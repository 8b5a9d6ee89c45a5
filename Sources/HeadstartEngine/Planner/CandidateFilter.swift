/// What a filter sees besides the candidate itself. Read-only: the rejection sentences' lists
/// below are written from `preferences` once, when the context is made.
public struct FilterContext: Sendable {
    public let catalog: Catalog
    public let capability: Capability
    public let preferences: EffectivePreferences
    public let asOf: Day
    public let horizon: Day
    /// D: the as-of day, or the workload's neededBy when later (the `retired` filter judges on it).
    public let due: Day
    /// Where the workload already runs: the `deprecated` filter lets these through.
    public let deployed: Set<Deployment>

    var firstAccessCloud: String { catalog.terms.firstAccessCloud }
    /// The allowed clouds and geos as rejection details list them, written once per filtering
    /// rather than once per rejected candidate.
    let cloudList: String
    let zoneList: String

    init(
        catalog: Catalog,
        capability: Capability,
        preferences: EffectivePreferences,
        asOf: Day,
        horizon: Day,
        due: Day,
        deployed: Set<Deployment> = []
    ) {
        self.deployed = deployed
        self.catalog = catalog
        self.capability = capability
        self.preferences = preferences
        self.asOf = asOf
        self.horizon = horizon
        self.due = due
        cloudList = preferences.clouds.joined(separator: ", ")
        zoneList = preferences.residency.map { $0.sorted().joined(separator: ", ") } ?? ""
    }

    /// Whether the workload already runs `place`'s capability there.
    func runs(_ place: OfferRegion) -> Bool {
        !deployed.isEmpty && deployed.contains(Deployment(capability: place.capability, cloud: place.cloud, region: place.region))
    }
}

/// A named hard filter in the manner of the Kubernetes scheduler's filter plugins: it passes a
/// candidate or rejects it with its stable reason and a detail sentence.
public struct CandidateFilter: Sendable {
    /// The reason code this filter rejects with.
    public let reason: RejectionReason
    /// Nil to pass; the detail sentence to reject.
    public let evaluate: @Sendable (OfferRegion, FilterContext) -> String?

    /// The filters in the order the rules apply them; the first to reject names the reason.
    public static let ordered: [CandidateFilter] = [
        cloudAllowed, residency, stage, azureDeclined, retired, deprecated, afterHorizon, beyondLicense,
    ]

    /// `cloud-not-allowed`: the cloud is not among the preferences' clouds.
    public static let cloudAllowed = CandidateFilter(reason: .cloudNotAllowed) { place, context in
        context.preferences.clouds.contains(place.cloud)
            ? nil
            : "\(place.cloud) is not among the allowed clouds (\(context.cloudList))"
    }

    /// `residency`: inference could leave the allowed geos.
    public static let residency = CandidateFilter(reason: .residency) { place, context in
        guard let allowed = context.preferences.residency else { return nil }
        switch place.processing {
        case .global:
            return "global processing may run outside \(context.zoneList)"
        case .zone, .regional:
            guard let geo = place.geo, allowed.contains(geo) else {
                return "\(place.processing.rawValue) processing stays in \(place.geo ?? "an unknown geo"), outside \(context.zoneList)"
            }
            return nil
        }
    }

    /// `stage`: a preview offer when the workload needs general availability.
    public static let stage = CandidateFilter(reason: .stage) { place, context in
        place.stage < context.preferences.stage
            ? "offered as \(place.stage.rawValue); the workload needs \(context.preferences.stage.rawValue)" : nil
    }

    /// `azure-declined`: a first-access-cloud offer of a capability Microsoft declined to support.
    public static let azureDeclined = CandidateFilter(reason: .azureDeclined) { place, context in
        context.capability.azureDeclined && place.cloud == context.firstAccessCloud
            ? "Microsoft declined to support \(context.capability.name), so \(place.cloud) offers of it are not usable" : nil
    }

    /// `retired`: the offer stops serving (less the lead days) before the workload could use it:
    /// E <= max(D, A). Only the retirement end counts here; the licence has its own filter.
    public static let retired = CandidateFilter(reason: .retired) { place, context in
        guard let retires = place.retires, let end = place.retirementEnd else { return nil }
        let first = max(context.due, place.availableFrom)
        guard end <= first else { return nil }
        let lead = context.preferences.retirementLeadDays
        return "retires on \(retires)\(lead > 0 ? " (left \(lead) days before, on \(end))" : ""), before it could be used on \(first)"
    }

    /// `deprecated`: from its `deprecated` day a cloud takes no new deployments, so an offer the
    /// workload does not already run on serves only a phase that starts before it: max(T, A) < P.
    public static let deprecated = CandidateFilter(reason: .deprecated) { place, context in
        guard let day = place.deprecated, !context.runs(place) else { return nil }
        let start = max(context.asOf, place.availableFrom)
        guard start >= day else { return nil }
        return "deprecated since \(day): takes no new deployments, and the workload does not run there (it could start on \(start))"
    }

    /// `after-horizon`: the candidate could not start on or before the plan's horizon.
    public static let afterHorizon = CandidateFilter(reason: .afterHorizon) { place, context in
        let start = max(context.asOf, place.availableFrom)
        return start > context.horizon ? "could start only on \(start), after the horizon \(context.horizon)" : nil
    }

    /// `beyond-license` (only with `beyondLicense: avoid`): a first-access-cloud candidate that
    /// could not start on or before the licence's last day.
    public static let beyondLicense = CandidateFilter(reason: .beyondLicense) { place, context in
        guard context.preferences.beyondLicense == .avoid, place.cloud == context.firstAccessCloud else { return nil }
        let start = max(context.asOf, place.availableFrom)
        let end = context.catalog.terms.licenseThrough
        return start > end ? "could start only on \(start), after the licence ends on \(end)" : nil
    }
}
