import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Logging

/// Keeps the clouds' listings: each one submitted (`PUT /v1/listings/...`, `listings submit`,
/// the `--listings` folder) is read, stored with the first- and last-seen day of every offer it
/// shows, and merged onto the base catalog; a change to the catalog in force goes the way of a
/// catalog replacement: a `catalog-replaced` event with the changed offer facts, and re-plans.
struct ListingKeeper: Sendable {
    let context: ServiceContext
    let replanner: Replanner

    /// Where a listing stands for, as the catalog spells it.
    struct Place: Sendable {
        var cloud: String
        var region: String
        /// The `NAME` of `REGION.NAME.json`; nil for none.
        var name: String?
    }

    /// Reads, stores and merges one listing. `observedOn` defaults to today (UTC) and may not be later.
    func submit(json: Data, at place: Place, observedOn: Day?, file: String, caller: Caller) async throws(ServiceError) -> ListingStoredBody {
        guard context.policy.isAdmin(caller) else {
            throw ServiceError(.forbidden, "only root, the daemon's user and the admin group may submit listings")
        }
        let today = context.clock.today
        let at = context.clock.now()
        let day = observedOn ?? today
        guard day <= today else { throw ServiceError(.invalidDocument, "observedOn \(day) is after today (\(today))") }
        let snapshot = await context.catalog.snapshot
        guard snapshot.base.clouds.contains(where: { $0.name == place.cloud }) else {
            let clouds = snapshot.base.clouds.map(\.name).joined(separator: ", ")
            throw ServiceError(.invalidDocument, "\(file): cloud '\(place.cloud)' is not in the catalog's clouds (\(clouds))")
        }
        let listing: Listing
        do {
            listing = try ListingReader(observedOn: day).read(json, file: file, cloud: place.cloud, region: place.region, name: place.name)
        } catch {
            throw ServiceError(.invalidDocument, "\(error.problems.count) problem(s) in the listing:\n\(error.description)")
        }
        let stored = StoredListing(
            cloud: place.cloud,
            region: place.region,
            name: place.name ?? "",
            kind: listing.kind.rawValue,
            observedOn: day,
            json: json,
            observations: listing.observations.count,
            submittedAt: at,
            submitterUID: caller.uid
        )
        let sightings = listing.observations.map {
            StoredSighting(
                capability: $0.capability,
                cloud: place.cloud,
                region: place.region,
                processing: $0.processing.rawValue,
                firstSeen: day,
                lastSeen: day,
                deprecatedSeen: $0.deprecatedByState ? day : nil
            )
        }
        let limits = context.limits.yaml
        let fileManaged = context.catalog.file != nil
        typealias Outcome = (
            latest: Bool, listed: ListedCatalog, previous: Catalog, event: CommittedEvent?, offers: [OfferChange],
            base: Catalog, yaml: Data, source: CatalogSource
        )
        let (latest, listed, previous, event, offers, base, yaml, source) = try await context.write { tx -> Outcome in
            let latest = try await tx.saveListing(stored)
            try await tx.recordSightings(sightings)
            // The base committed last: a catalog replaced (here or on another daemon) since the snapshot was
            // taken is the one the listings go onto, or this commit, installed after it, would undo it.
            var base = snapshot.base
            var yaml = snapshot.yaml
            var source = snapshot.source.base
            if !fileManaged, let kept = try await tx.catalog(), kept.yaml != yaml,
                let committed = try? CatalogDecoder(limits: limits).decode(Array(kept.yaml), file: "stored catalog")
            {
                (base, yaml, source) = (committed, kept.yaml, .api)
            }
            // Before and after, from what is committed: another daemon may have kept a listing since.
            let listed = try await tx.listedCatalog(over: base)
            let previous = await context.catalog.snapshot.catalog
            guard listed.catalog != previous else { return (latest, listed, previous, nil, [], base, yaml, source) }
            let offers = CatalogDiff.changes(from: previous, to: listed.catalog)
            let replaced = CatalogReplaced(
                version: listed.catalog.version,
                previousVersion: previous.version,
                replacedByUid: caller.uid,
                offers: offers,
                source: source.listed(true)
            )
            return (latest, listed, previous, try await tx.append(.catalogReplaced(replaced), plan: nil, time: at), offers, base, yaml, source)
        }
        context.logger.info(
            "listing stored",
            metadata: [
                "cloud": "\(place.cloud)", "region": "\(place.region)", "name": "\(place.name ?? "-")", "kind": "\(listing.kind.rawValue)",
                "observedOn": "\(day)", "offers": "\(listing.observations.count)", "latest": "\(latest)",
            ]
        )
        let summary = Self.summary(stored, listing: listing, catalog: listed.catalog, today: today)
        guard let event else {
            // The first listing kept changes the catalog's source, if not its facts.
            if snapshot.source != source.listed(true) {
                await context.catalog.install(listed, base: base, yaml: yaml, source: source)
            }
            return ListingStoredBody(listing: summary, latest: latest, catalogVersion: previous.version, offers: [], replans: [])
        }
        await context.catalog.install(listed, base: base, yaml: yaml, source: source, revision: event.revision)
        await context.publish([event])
        DaemonMetrics.listingChanged(offers.count)
        context.logger.info(
            "catalog replaced",
            metadata: [
                "from": "\(previous.version)", "to": "\(listed.catalog.version)",
                "source": "listing \(ListedCatalog.file(stored))",
            ]
        )
        context.logSkipped(listed)
        let replans = try await replanner.replan(reason: .catalog(from: previous, to: listed.catalog))
        return ListingStoredBody(
            listing: summary,
            latest: latest,
            catalogVersion: listed.catalog.version,
            offers: offers,
            replans: replans.map(\.body)
        )
    }

    /// `GET /v1/listings`: every kept listing with its day, kind and counts.
    func list() async throws(ServiceError) -> ListingListBody {
        let stored = try await context.read { tx in try await tx.listings() }
        let catalog = await context.catalog.catalog
        let today = context.clock.today
        return ListingListBody(
            listings: stored.map { s in
                let read = try? ListingReader(observedOn: s.observedOn).read(
                    s.json,
                    file: ListedCatalog.file(s),
                    cloud: s.cloud,
                    region: s.region,
                    name: s.name.isEmpty ? nil : s.name
                )
                return Self.summary(s, listing: read, catalog: catalog, today: today)
            }
        )
    }

    static func summary(_ s: StoredListing, listing: Listing?, catalog: Catalog, today: Day) -> ListingSummary {
        let capabilities = Set((listing?.observations ?? []).map(\.capability))
        let known = Set(catalog.capabilities.map(\.name))
        return ListingSummary(
            cloud: s.cloud,
            region: s.region,
            name: s.name.isEmpty ? nil : s.name,
            kind: s.kind,
            observedOn: s.observedOn.description,
            ageDays: today.ordinal - s.observedOn.ordinal,
            offers: s.observations,
            capabilities: capabilities.count,
            unknownCapabilities: capabilities.subtracting(known).count
        )
    }
}
