import HeadstartEngine

/// Merges listings onto a base catalog (`headstart catalog import`): what a listing shows updates
/// or adds an offer in its region; what it lacks, and what the catalog lacks, is only reported.
public struct ListingMerge: Sendable {
    public var base: Catalog
    public var observedOn: Day
    /// The first day any listing showed each offer, when a daemon keeps that history: an observed
    /// `since` is the first-seen day when that is earlier than the listing's.
    public var firstSeen: [ImportReport.Place: Day]

    public init(base: Catalog, observedOn: Day, firstSeen: [ImportReport.Place: Day] = [:]) {
        self.base = base
        self.observedOn = observedOn
        self.firstSeen = firstSeen
    }

    /// One offer's facts in one region: offers are split into these, changed, and regrouped.
    struct Unit {
        var capability: String
        var cloud: String
        var region: String
        var offer: Offer
        /// (offer index, region index) in the base, for the order; nil for an added one.
        var order: (Int, Int)?
    }

    /// The merged catalog (version `version`, else the base's plus `+observed-DAY`) and the report.
    /// A listing of a cloud the catalog lacks is a problem; every other finding is in the report.
    public func merge(_ listings: [Listing], version: String? = nil) throws(ListingProblems) -> (Catalog, ImportReport) {
        let unknownClouds = listings.filter { l in !base.clouds.contains { $0.name == l.cloud } }
        guard unknownClouds.isEmpty else {
            throw ListingProblems(
                unknownClouds.map {
                    ListingProblem(
                        file: $0.file,
                        message: "cloud '\($0.cloud)' is not in the catalog's clouds (\(base.clouds.map(\.name).joined(separator: ", ")))"
                    )
                }
            )
        }
        let index = Catalog.Index(base)
        var units: [String: [Unit]] = [:]
        for c in base.capabilities {
            units[c.name] = c.offers.enumerated().flatMap { i, offer in
                offer.regions.enumerated().map { r, region in
                    var one = offer
                    one.regions = [region]
                    return Unit(capability: c.name, cloud: offer.cloud, region: region, offer: one, order: (i, r))
                }
            }
        }
        var successors = Dictionary(uniqueKeysWithValues: base.capabilities.map { ($0.name, $0.successor) })
        var changes: [ImportReport.Change] = []
        var unknownCapabilities = Set<ImportReport.UnknownCapability>()
        var unknownRegions = Set<ImportReport.UnknownRegion>()
        var covered: [String: Set<Processing>] = [:]
        var shown = Set<ImportReport.Place>()
        let ordered = listings.sorted { ($0.cloud, $0.region, $0.name ?? "", $0.file) < ($1.cloud, $1.region, $1.name ?? "", $1.file) }
        for listing in ordered {
            guard index.geo(cloud: listing.cloud, region: listing.region) != nil else {
                unknownRegions.insert(.init(cloud: listing.cloud, region: listing.region, file: listing.file))
                continue
            }
            covered["\(listing.cloud) \(listing.region)", default: []].formUnion(listing.kind.covers)
            let day = listing.observedOn ?? observedOn
            for o in listing.observations {
                let place = ImportReport.Place(
                    capability: o.capability,
                    cloud: listing.cloud,
                    region: listing.region,
                    processing: o.processing.rawValue
                )
                let seen = Seen(day: day, first: min(firstSeen[place] ?? day, day))
                // Dated by the first sighting, so a daily listing that shows the same facts changes nothing.
                let source = "observed: \(listing.kind.rawValue) \(listing.region) \(seen.first)"
                guard units[o.capability] != nil else {
                    unknownCapabilities.insert(
                        .init(
                            capability: o.capability,
                            cloud: listing.cloud,
                            region: listing.region,
                            processing: place.processing,
                            model: o.model,
                            firstSeen: seen.first.description
                        )
                    )
                    continue
                }
                shown.insert(place)
                func note(_ change: ImportReport.Change.Kind, _ from: String?, _ to: String?) {
                    changes.append(
                        .init(
                            change: change,
                            capability: o.capability,
                            cloud: listing.cloud,
                            region: listing.region,
                            processing: place.processing,
                            from: from,
                            to: to
                        )
                    )
                }
                if let successor = o.successor, successor != o.capability, units[successor] != nil, successors[o.capability] != successor {
                    note(.successor, successors[o.capability] ?? nil, successor)
                    successors[o.capability] = successor
                }
                var list = units[o.capability] ?? []
                // The offer there of the same stage, else any there (a preview and a GA offer may share a region).
                let there = list.indices.filter {
                    list[$0].cloud == listing.cloud && list[$0].region == listing.region && list[$0].offer.processing == o.processing
                }
                if let i = there.first(where: { list[$0].offer.stage == o.stage }) ?? there.first {
                    let before = list[i].offer
                    apply(o, seen, to: &list[i].offer, note: note)
                    if list[i].offer != before {
                        list[i].offer.source = source
                        list[i].offer.illustrative = false
                        units[o.capability] = list
                    }
                } else if let retires = o.retires, retires <= day {
                    // Listed but retired by the day it was seen (OCI keeps such models ACTIVE): nothing to add.
                    continue
                } else {
                    note(.added, nil, "since \(seen.first)")
                    let offer = Offer(
                        cloud: listing.cloud,
                        regions: [listing.region],
                        availability: .since(seen.first),
                        stage: o.stage,
                        processing: o.processing,
                        source: source,
                        retires: o.retires,
                        deprecated: o.deprecated,
                        model: o.model,
                        modelVersion: o.modelVersion
                    )
                    units[o.capability, default: []].append(
                        Unit(
                            capability: o.capability,
                            cloud: listing.cloud,
                            region: listing.region,
                            offer: offer,
                            order: nil
                        )
                    )
                }
            }
        }
        // Confirmed offers in a covered region that no listing there showed.
        var notListed: [ImportReport.Place] = []
        for c in base.capabilities {
            for u in units[c.name] ?? [] where u.order != nil {
                guard case .since = u.offer.availability, covered["\(u.cloud) \(u.region)"]?.contains(u.offer.processing) == true else { continue }
                let place = ImportReport.Place(capability: c.name, cloud: u.cloud, region: u.region, processing: u.offer.processing.rawValue)
                if !shown.contains(place), !notListed.contains(place) { notListed.append(place) }
            }
        }
        let capabilities = base.capabilities.map { c in
            var merged = c
            merged.successor = successors[c.name] ?? nil
            merged.offers = Self.regroup(units[c.name] ?? [])
            return merged
        }
        let catalog = Catalog(
            version: version ?? "\(base.version)+observed-\(observedOn)",
            terms: base.terms,
            clouds: base.clouds,
            capabilities: capabilities
        )
        let report = ImportReport(
            observedOn: observedOn.description,
            changes: changes.sorted(),
            notListed: notListed.sorted(),
            unknownCapabilities: unknownCapabilities.sorted(),
            unknownRegions: unknownRegions.sorted()
        )
        return (catalog, report)
    }

    /// The day a listing showed an offer, and the first day any listing did.
    struct Seen {
        var day: Day
        var first: Day
    }

    /// An existing offer takes what the listing says; a forecast becomes confirmed on the first-seen
    /// day, and a confirmed one moves to it when that is earlier.
    private func apply(_ o: ListingObservation, _ seen: Seen, to offer: inout Offer, note: (ImportReport.Change.Kind, String?, String?) -> Void) {
        if o.stage != offer.stage {
            note(.stage, offer.stage.rawValue, o.stage.rawValue)
            offer.stage = o.stage
        }
        // A retirement on or before the offer's own day cannot be (the listing is older than its day):
        // the offer keeps what it had, and a forecast retired by then is not confirmed.
        let start: Day? =
            switch offer.availability {
            case .since(let day), .expected(let day): day
            case .estimated: nil
            }
        let retiredBefore = o.retires.map { $0 <= seen.day } ?? false
        if let retires = o.retires, retires != offer.retires, start.map({ retires > $0 }) ?? true, !(retiredBefore && !offer.isConfirmed) {
            note(.retires, offer.retires?.description, retires.description)
            offer.retires = retires
        }
        if let deprecated = o.deprecated, deprecated != offer.deprecated {
            note(.deprecated, offer.deprecated?.description, deprecated.description)
            offer.deprecated = deprecated
        }
        if let model = o.model, model != offer.model {
            note(.model, offer.model, model)
            offer.model = model
        }
        if let version = o.modelVersion, version != offer.modelVersion {
            note(.modelVersion, offer.modelVersion, version)
            offer.modelVersion = version
        }
        if retiredBefore { return }
        switch offer.availability {
        case .since(let day):
            // A listing does not say when a model arrived; only a kept earlier sighting does.
            if seen.first < day {
                note(.confirmed, "since \(day)", "since \(seen.first)")
                offer.availability = .since(seen.first)
            }
        case .expected(let day):
            note(.confirmed, "expected \(day)", "since \(seen.first)")
            offer.availability = .since(seen.first)
        case .estimated:
            note(.confirmed, "estimated", "since \(seen.first)")
            offer.availability = .since(seen.first)
        }
    }

    /// Regions whose facts are identical share one offer: the base's offers first in their order,
    /// then the added ones; in each, the base's regions in order, then the added ones by name.
    static func regroup(_ units: [Unit]) -> [Offer] {
        var groups: [(key: Offer, first: (Int, Int), units: [Unit])] = []
        for u in units {
            var key = u.offer
            key.regions = []
            let first = u.order ?? (Int.max, 0)
            if let i = groups.firstIndex(where: { $0.key == key }) {
                groups[i].units.append(u)
                if first < groups[i].first { groups[i].first = first }
            } else {
                groups.append((key, first, [u]))
            }
        }
        groups.sort { a, b in
            if a.first != b.first { return a.first < b.first }
            return (a.units.map(\.region).min() ?? "") < (b.units.map(\.region).min() ?? "")
        }
        return groups.map { group in
            let based = group.units.filter { $0.order != nil }.sorted { ($0.order ?? (0, 0)) < ($1.order ?? (0, 0)) }.map(\.region)
            let added = group.units.filter { $0.order == nil }.map(\.region).sorted()
            var offer = group.key
            var regions: [String] = []
            for region in based + added where !regions.contains(region) { regions.append(region) }
            offer.regions = regions
            return offer
        }
    }
}

extension Offer {
    var isConfirmed: Bool {
        if case .since = availability { return true }
        return false
    }
}
