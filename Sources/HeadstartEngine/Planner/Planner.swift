/// The planning engine: plan + catalog + as-of day in, recommendations out. Pure and
/// deterministic: no I/O, no clock, no shared state.
public struct Planner: Sendable {
    public let catalog: Catalog
    /// Filters in the order they apply; the first to reject gives the reason.
    public var filters: [CandidateFilter]
    let lookup: Catalog.Index
    /// Each cloud's lag behind the first-access cloud, for undated offers.
    public let headStart: HeadStart

    public init(catalog: Catalog, filters: [CandidateFilter] = CandidateFilter.ordered) {
        self.catalog = catalog
        self.filters = filters
        self.lookup = Catalog.Index(catalog)
        self.headStart = HeadStart(catalog: catalog)
    }

    /// Plans every workload × needed capability of `plan` as of `asOf`.
    /// Needs the catalog lacks are reported unplaceable with no candidates; the decoder refuses such plans first.
    public func plan(_ plan: WorkloadPlan, asOf: Day) -> Recommendations {
        var recommendations: [Recommendation] = []
        recommendations.reserveCapacity(plan.workloads.reduce(0) { $0 + $1.needs.count })
        // Thousands of workloads share a few (capability, preferences, due day) combinations:
        // each is planned once and copied under every workload's name.
        // Candidates depend on fewer inputs still (not on the due day or the accepted delay):
        // they are filtered and ranked once per (capability, filtering preferences).
        var planned: [PlanKey: Recommendation] = [:]
        planned.reserveCapacity(recommendations.capacity / 2)
        var filtered: [FilterKey: Filtered] = [:]
        var places = PlaceCache()
        // Preferences are resolved and numbered once per distinct set of workload overrides
        // (most workloads have none), so the keys above hash a number, not lists of names.
        var resolved: [Preferences: (preferences: EffectivePreferences, id: Int, filterID: Int)] = [:]
        var filterIDs: [EffectivePreferences: Int] = [:]
        for workload in plan.workloads {
            let entry: (preferences: EffectivePreferences, id: Int, filterID: Int)
            if let known = resolved[workload.preferences] {
                entry = known
            } else {
                let preferences = EffectivePreferences(plan.preferences.overridden(by: workload.preferences), catalog: catalog)
                var filtering = preferences
                filtering.acceptDelayDays = 0
                filtering.minDwellDays = 0
                let filterID = filterIDs[filtering] ?? filterIDs.count
                filterIDs[filtering] = filterID
                entry = (preferences, resolved.count, filterID)
                resolved[workload.preferences] = entry
            }
            // Sorted, so that workloads listing the same deployments in any order share their work.
            let deployed = workload.deployed.isEmpty ? [] : Array(Set(workload.deployed)).sorted()
            for need in workload.needs {
                let key = PlanKey(capability: need, preferences: entry.id, neededBy: workload.neededBy.map { max(asOf, $0) }, deployed: deployed)
                var recommendation: Recommendation
                if let known = planned[key] {
                    recommendation = known
                } else {
                    let due = max(asOf, workload.neededBy ?? asOf)
                    // The `retired` filter judges on the due day: only needs whose pool retires depend on it.
                    let chain = lookup.chain(from: need, following: entry.preferences.followSuccessor)
                    let retires = chain.contains { $0.offers.contains { $0.retires != nil } }
                    let filterKey = FilterKey(capability: need, preferences: entry.filterID, due: retires ? due : nil, deployed: deployed)
                    let candidates =
                        filtered[filterKey]
                        ?? filter(
                            capabilityName: need,
                            preferences: entry.preferences,
                            horizon: plan.horizon,
                            asOf: asOf,
                            due: due,
                            deployed: Set(deployed),
                            places: &places
                        )
                    filtered[filterKey] = candidates
                    recommendation = recommend(
                        workload: workload,
                        capabilityName: need,
                        filtered: candidates,
                        preferences: entry.preferences,
                        horizon: plan.horizon,
                        asOf: asOf
                    )
                    planned[key] = recommendation
                }
                recommendation.workload = workload.name
                recommendations.append(recommendation)
            }
        }
        let next = Self.nextReplan(recommendations, asOf: asOf, horizon: plan.horizon)
        return Recommendations(
            plan: plan.name,
            asOf: asOf,
            catalogVersion: catalog.version,
            nextReplanAt: next?.day,
            nextReplanReason: next?.reason,
            recommendations: recommendations
        )
    }

    /// What a recommendation depends on besides the plan-wide horizon and the as-of day.
    struct PlanKey: Hashable {
        var capability: String
        /// The number given to the workload's resolved preferences.
        var preferences: Int
        var neededBy: Day?
        var deployed: [Deployment]
    }

    /// What filtering and ranking depend on: the capability and the preferences other than the
    /// accepted delay and the dwell.
    struct FilterKey: Hashable {
        var capability: String
        /// The number given to the filtering part of the preferences.
        var preferences: Int
        /// The due day, when an offer of the pool retires (else nil: filtering does not depend on it).
        var due: Day?
        /// Where the workload already runs (the `deprecated` filter depends on it).
        var deployed: [Deployment]
    }

    /// Rules 1 to 3 for one capability: ranked candidates and rejections; nil for a capability the catalog lacks.
    typealias Filtered = (candidates: [Candidate], rejected: [Rejection])?

    /// The (offer, region) pairs already listed in one planning run, by what they depend on:
    /// workloads with different preferences mostly share their settle and lead days.
    typealias PlaceCache = [PlaceKey: [OfferRegion]]

    struct PlaceKey: Hashable {
        var capability: String
        var settleDays: Int
        var leadDays: Int
        var chainPosition: Int
    }

    /// The pool: the need's capability and, with `followSuccessor`, its successors; each one's
    /// candidates and rejections produced on their own, then ranked together.
    func filter(
        capabilityName: String,
        preferences: EffectivePreferences,
        horizon: Day,
        asOf: Day,
        due: Day?,
        deployed: Set<Deployment> = [],
        places: inout PlaceCache
    ) -> Filtered {
        let chain = lookup.chain(from: capabilityName, following: preferences.followSuccessor)
        guard !chain.isEmpty else { return nil }
        var survivors: [OfferRegion] = []
        var rejected: [Rejection] = []
        for (position, capability) in chain.enumerated() {
            let context = FilterContext(
                catalog: catalog,
                capability: capability,
                preferences: preferences,
                asOf: asOf,
                horizon: horizon,
                due: due ?? asOf,
                deployed: deployed
            )
            let key = PlaceKey(
                capability: capability.name,
                settleDays: preferences.settleDays,
                leadDays: preferences.retirementLeadDays,
                chainPosition: position
            )
            let listed: [OfferRegion]
            if let known = places[key] {
                listed = known
            } else {
                listed = offerRegions(of: capability, settleDays: key.settleDays, leadDays: key.leadDays, chainPosition: position)
                places[key] = listed
            }
            for place in listed {
                if let (reason, detail) = firstRejection(place, context) {
                    rejected.append(Rejection(place: place, reason: reason, detail: detail))
                } else {
                    survivors.append(place)
                }
            }
        }
        let candidates = Ranking(preferences: preferences).ranked(survivors).enumerated().map { index, place in
            // Rule 2: a forecast whose own day has come without confirmation has slipped (settleDays
            // delays its use, not the day it was due). A deprecated offer the workload does not run
            // on yet takes it only before its deprecation day.
            let runs = deployed.contains(Deployment(capability: place.capability, cloud: place.cloud, region: place.region))
            return Candidate(
                place: place,
                overdue: place.dateKind != .confirmed && place.forecastDay <= asOf,
                rank: index + 1,
                newDeploymentsUntil: runs ? nil : place.deprecated
            )
        }
        return (candidates, rejected)
    }

    /// Rules 4 to 7 for one workload's need, from its filtered candidates.
    func recommend(
        workload: Workload,
        capabilityName: String,
        filtered: Filtered,
        preferences: EffectivePreferences,
        horizon: Day,
        asOf: Day
    ) -> Recommendation {
        guard let (candidates, rejected) = filtered else {
            return Recommendation(
                workload: workload.name,
                capability: capabilityName,
                status: .unplaceable,
                timeline: [],
                candidates: [],
                rejected: [],
                why: "The catalog has no capability \(capabilityName).",
                asOf: asOf
            )
        }
        let built = TimelineBuilder(
            candidates: candidates,
            asOf: asOf,
            dueBy: max(asOf, workload.neededBy ?? asOf),
            acceptDelayDays: preferences.acceptDelayDays,
            horizon: horizon,
            firstAccessCloud: catalog.terms.firstAccessCloud,
            licenseThrough: catalog.terms.licenseThrough,
            licenseMode: preferences.beyondLicense,
            capability: capabilityName
        ).build()
        var recommendation = Recommendation(
            workload: workload.name,
            capability: capabilityName,
            status: built.status,
            timeline: built.timeline,
            candidates: candidates,
            rejected: rejected,
            why: nil,
            asOf: asOf
        )
        recommendation.explanation = DeferredExplanation(
            Explanation.Inputs(
                neededBy: workload.neededBy,
                acceptDelayDays: preferences.acceptDelayDays,
                firstAccessCloud: catalog.terms.firstAccessCloud
            )
        )
        return recommendation
    }

    private func firstRejection(_ place: OfferRegion, _ context: FilterContext) -> (RejectionReason, String)? {
        for filter in filters {
            if let detail = filter.evaluate(place, context) { return (filter.reason, detail) }
        }
        return nil
    }

    /// One (offer, region) per region of each offer, with its availability date (rule 2).
    func offerRegions(of capability: Capability, settleDays: Int, leadDays: Int = 0, chainPosition: Int = 0) -> [OfferRegion] {
        var out: [OfferRegion] = []
        for (index, offer) in capability.offers.enumerated() {
            let (day, kind) = availability(of: offer, capability: capability)
            for region in offer.regions {
                out.append(
                    OfferRegion(
                        capability: capability.name,
                        chainPosition: chainPosition,
                        cloud: offer.cloud,
                        region: region,
                        geo: lookup.geo(cloud: offer.cloud, region: region),
                        stage: offer.stage,
                        processing: offer.processing,
                        availableFrom: day.adding(days: settleDays),
                        forecastDay: day,
                        dateKind: kind,
                        source: offer.source,
                        offerIndex: index,
                        retires: offer.retires,
                        deprecated: offer.deprecated,
                        retirementEnd: offer.retires.map { $0.adding(days: -leadDays) },
                        illustrative: offer.illustrative
                    )
                )
            }
        }
        return out
    }

    /// since / expected / estimated: the launch on the first-access cloud (or on every cloud when
    /// Microsoft declined), the launch plus the cloud's head start elsewhere (the first-access
    /// window, or the measured lag under `estimates: measured`).
    func availability(of offer: Offer, capability: Capability) -> (Day, DateKind) {
        switch offer.availability {
        case .since(let day): return (day, .confirmed)
        case .expected(let day): return (day, .expected)
        case .estimated:
            let lag = capability.azureDeclined || offer.cloud == catalog.terms.firstAccessCloud ? 0 : headStart.lag(of: offer.cloud)
            return (capability.launch.adding(days: lag), .estimated)
        }
    }

    /// Rule 8: the first phase boundary after `asOf`, or the next day while a forecast is
    /// overdue; nil when none falls on or before the horizon. A boundary on the same day is
    /// the reason given before an overdue forecast.
    static func nextReplan(_ recommendations: [Recommendation], asOf: Day, horizon: Day) -> (day: Day, reason: ReplanReason)? {
        var boundary: Day?
        var overdue = false
        for r in recommendations {
            for phase in r.timeline {
                for day in [phase.from, phase.until].compactMap({ $0 }) where day > asOf && day <= horizon {
                    boundary = min(boundary ?? day, day)
                }
            }
            if r.candidates.contains(where: \.overdue) { overdue = true }
        }
        let tomorrow = asOf.adding(days: 1)
        if overdue, tomorrow <= horizon, boundary.map({ $0 > tomorrow }) ?? true { return (tomorrow, .overdue) }
        return boundary.map { ($0, .phase) }
    }
}
