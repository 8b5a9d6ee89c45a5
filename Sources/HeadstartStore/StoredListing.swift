import Foundation
import HeadstartEngine

/// One cloud's listing of the models it serves in one region, as submitted: the store keeps the
/// latest of each (cloud, region, name).
public struct StoredListing: Sendable, Hashable {
    public var cloud: String
    public var region: String
    /// What tells two listings of one region apart (`models` of `us-east-1.models.json`); empty for none.
    public var name: String
    /// `azure-models`, `bedrock-models`, `bedrock-profiles`, `oci-models` or `vertex-models`.
    public var kind: String
    /// The day the listing showed what it shows.
    public var observedOn: Day
    /// The JSON exactly as the cloud printed it.
    public var json: Data
    /// How many offers it shows.
    public var observations: Int
    public var submittedAt: Date
    public var submitterUID: UInt32?

    public init(
        cloud: String,
        region: String,
        name: String,
        kind: String,
        observedOn: Day,
        json: Data,
        observations: Int,
        submittedAt: Date,
        submitterUID: UInt32?
    ) {
        (self.cloud, self.region, self.name, self.kind, self.observedOn) = (cloud, region, name, kind, observedOn)
        (self.json, self.observations, self.submittedAt, self.submitterUID) = (json, observations, submittedAt, submitterUID)
    }
}

/// Where a kept listing stands for and the day it was observed, without its JSON: what
/// `headstart_listing_age_days` needs on every scrape.
public struct StoredListingDay: Sendable, Hashable {
    public var cloud: String
    public var region: String
    public var name: String
    public var observedOn: Day

    public init(cloud: String, region: String, name: String, observedOn: Day) {
        (self.cloud, self.region, self.name, self.observedOn) = (cloud, region, name, observedOn)
    }
}

/// The first and the last day any listing showed one offer: (capability, cloud, region, processing).
/// Kept across listings, so an observed `since` outlives the listing that first showed it.
public struct StoredSighting: Sendable, Hashable {
    public var capability: String
    public var cloud: String
    public var region: String
    /// `global`, `zone` or `regional`.
    public var processing: String
    public var firstSeen: Day
    public var lastSeen: Day
    /// The first day a listing showed it deprecated by its state alone (no day given); nil when
    /// none did.
    public var deprecatedSeen: Day?

    public init(
        capability: String,
        cloud: String,
        region: String,
        processing: String,
        firstSeen: Day,
        lastSeen: Day,
        deprecatedSeen: Day? = nil
    ) {
        (self.capability, self.cloud, self.region, self.processing) = (capability, cloud, region, processing)
        (self.firstSeen, self.lastSeen, self.deprecatedSeen) = (firstSeen, lastSeen, deprecatedSeen)
    }
}
