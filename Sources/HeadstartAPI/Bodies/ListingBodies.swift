import Foundation

/// One kept listing, as `GET /v1/listings` and a submission answer it.
public struct ListingSummary: Codable, Sendable, Equatable {
    public var cloud: String
    public var region: String
    /// The `NAME` of `CLOUD/REGION.NAME.json`; absent for `CLOUD/REGION.json`.
    public var name: String?
    /// `azure-models`, `bedrock-models`, `bedrock-profiles`, `oci-models` or `vertex-models`.
    public var kind: String
    /// The day it showed what it shows, `YYYY-MM-DD`.
    public var observedOn: String
    /// Days from `observedOn` to today: what `headstart_listing_age_days` reports.
    public var ageDays: Int
    /// Offers it shows (one per capability and processing scope).
    public var offers: Int
    /// Distinct capabilities among them, and how many of those the catalog in force lacks.
    public var capabilities: Int
    public var unknownCapabilities: Int

    public init(
        cloud: String,
        region: String,
        name: String?,
        kind: String,
        observedOn: String,
        ageDays: Int,
        offers: Int,
        capabilities: Int,
        unknownCapabilities: Int
    ) {
        (self.cloud, self.region, self.name, self.kind, self.observedOn, self.ageDays) = (cloud, region, name, kind, observedOn, ageDays)
        (self.offers, self.capabilities, self.unknownCapabilities) = (offers, capabilities, unknownCapabilities)
    }
}

/// `GET /v1/listings`: every kept listing, by cloud, region and name.
public struct ListingListBody: Codable, Sendable, Equatable {
    public var listings: [ListingSummary]

    public init(listings: [ListingSummary]) { self.listings = listings }
}

/// `PUT /v1/listings/{cloud}/{region}[/{name}]`: what the daemon kept and what the catalog in
/// force became.
public struct ListingStoredBody: Codable, Sendable, Equatable {
    public var listing: ListingSummary
    /// False when a listing of a later day is kept for the same place: this one only widened the
    /// first- and last-seen days.
    public var latest: Bool
    /// The catalog in force after it.
    public var catalogVersion: String
    /// The offer facts that changed in the catalog in force; empty when none did.
    public var offers: [OfferChange]
    public var replanned: Int
    /// The plans whose recommendations changed.
    public var changed: [String]

    public init(listing: ListingSummary, latest: Bool, catalogVersion: String, offers: [OfferChange], replans: [PlanReplan]) {
        (self.listing, self.latest, self.catalogVersion, self.offers) = (listing, latest, catalogVersion, offers)
        replanned = replans.count
        changed = replans.filter(\.changed).map(\.plan)
    }
}
