import Foundation
import HeadstartEngine

/// Copies everything one store holds into another, empty one, in one transaction of the target:
/// plans with every kept revision (deleted plans' too), recommendations, placements, the event
/// log under its own revisions (so watchers' `since` positions stay valid), a replaced
/// catalog and the clouds' listings with their first- and last-seen days. It is how a daemon moves from its SQLite file to a shared PostgreSQL database.
public struct StoreCopy: Sendable {
    /// What was copied.
    public struct Counts: Sendable, Equatable, CustomStringConvertible {
        public var plans = 0
        public var revisions = 0
        public var events = 0
        public var catalog = false
        /// The clouds' listings (their first- and last-seen days go with them).
        public var listings = 0

        public init(plans: Int = 0, revisions: Int = 0, events: Int = 0, catalog: Bool = false, listings: Int = 0) {
            (self.plans, self.revisions, self.events, self.catalog, self.listings) = (plans, revisions, events, catalog, listings)
        }

        public var description: String {
            "\(plans) plan(s), \(revisions) revision(s), \(events) event(s), \(catalog ? "the replaced catalog" : "no replaced catalog")"
                + (listings > 0 ? ", \(listings) listing(s)" : "")
        }
    }

    /// Given to plans and events that name no host: a store of one daemon's own records none,
    /// and in a shared store an owner is (host, uid).
    public var hostName: String?

    public init(hostName: String?) {
        self.hostName = hostName
    }

    /// Copies `source` into `target`; refuses, writing nothing, when the target holds any plan,
    /// revision, event or catalog.
    public func copy(from source: any PlanStore, to target: any PlanStore) async throws(StoreError) -> Counts {
        let host = hostName
        let snapshot = try await source.read { tx in try await Snapshot(reading: tx) }
        return try await target.write { tx in
            let plans = try await tx.planCount()
            let events = try await tx.lastEventRevision()
            let catalog = try await tx.catalogVersion()
            let revisions = try await tx.allRevisions().count
            let listings = try await tx.listings().count
            if plans > 0 || events > 0 || catalog != nil || revisions > 0 || listings > 0 {
                throw StoreError(.notEmpty, "the target store already holds plans, events, a catalog or listings; nothing was copied")
            }
            var counts = Counts()
            for var plan in snapshot.plans {
                if plan.ownerHost == nil { plan.ownerHost = host }
                try await tx.savePlan(plan)
                counts.plans += 1
            }
            for revision in snapshot.revisions {
                try await tx.insertRevision(revision)
                counts.revisions += 1
            }
            for recommendations in snapshot.recommendations { try await tx.saveRecommendations(recommendations) }
            for (plan, placements) in snapshot.placements { try await tx.savePlacements(placements, of: plan) }
            for var event in snapshot.events {
                if event.plan != nil, event.ownerHost == nil { event.ownerHost = host }
                try await tx.importEvent(event)
                counts.events += 1
            }
            if let catalog = snapshot.catalog {
                try await tx.saveCatalog(catalog)
                counts.catalog = true
            }
            for listing in snapshot.listings { try await tx.saveListing(listing) }
            try await tx.recordSightings(snapshot.sightings)
            counts.listings = snapshot.listings.count
            return counts
        }
    }

    /// Everything a store holds, read in one go.
    private struct Snapshot: Sendable {
        var plans: [PlanRecord]
        var revisions: [PlanRevision]
        var recommendations: [StoredRecommendations] = []
        var placements: [(String, [Placement])] = []
        var events: [StoredEvent] = []
        var catalog: StoredCatalog?
        var listings: [StoredListing] = []
        var sightings: [StoredSighting] = []

        init(reading tx: any PlanStoreReader) async throws {
            plans = try await tx.plans()
            revisions = try await tx.allRevisions()
            for plan in plans {
                if let r = try await tx.recommendations(of: plan.name) { recommendations.append(r) }
                placements.append((plan.name, try await tx.placements(of: plan.name)))
            }
            var after: Int64 = 0
            while true {
                let page = try await tx.events(after: after, limit: 1_000)
                events += page
                guard let last = page.last else { break }
                after = last.revision
            }
            catalog = try await tx.catalog()
            listings = try await tx.listings()
            sightings = try await tx.sightings()
        }
    }
}
