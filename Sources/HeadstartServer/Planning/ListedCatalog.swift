import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore

/// The catalog in force when the daemon keeps listings: the base catalog (the file's, the API's
/// or the built-in one) merged with the latest listing of each (cloud, region, name), each offer's
/// `since` the first day any listing showed it when that is earlier. Pure: the same base, listings
/// and sightings give the same catalog, so every daemon of a shared store serves the same one.
struct ListedCatalog: Sendable {
    var catalog: Catalog
    /// Whether any listing is kept (the catalog's source then ends in `+listings`).
    var hasListings: Bool
    /// Kept listings that could not be merged, one line each, for the log.
    var skipped: [String]

    init(base: Catalog, listings: [StoredListing], sightings: [StoredSighting]) {
        hasListings = !listings.isEmpty
        var read: [Listing] = []
        var skipped: [String] = []
        let clouds = Set(base.clouds.map(\.name))
        for stored in listings {
            let file = Self.file(stored)
            guard clouds.contains(stored.cloud) else {
                skipped.append("\(file): cloud '\(stored.cloud)' is not in catalog \(base.version)")
                continue
            }
            do {
                read.append(
                    try ListingReader(observedOn: stored.observedOn).read(
                        stored.json,
                        file: file,
                        cloud: stored.cloud,
                        region: stored.region,
                        name: stored.name.isEmpty ? nil : stored.name
                    )
                )
            } catch {
                skipped += error.problems.map(\.description)
            }
        }
        var firstSeen: [ImportReport.Place: Day] = [:]
        var deprecatedSeen: [ImportReport.Place: Day] = [:]
        for s in sightings {
            let place = ImportReport.Place(capability: s.capability, cloud: s.cloud, region: s.region, processing: s.processing)
            firstSeen[place] = s.firstSeen
            deprecatedSeen[place] = s.deprecatedSeen
        }
        // A deprecation known only from a state dates from the first listing that showed it, not from each new one.
        for i in read.indices {
            guard let day = read[i].observedOn else { continue }
            for j in read[i].observations.indices where read[i].observations[j].deprecatedByState {
                let o = read[i].observations[j]
                let place = ImportReport.Place(
                    capability: o.capability,
                    cloud: read[i].cloud,
                    region: read[i].region,
                    processing: o.processing.rawValue
                )
                read[i].observations[j].deprecated = min(deprecatedSeen[place] ?? day, day)
            }
        }
        self.skipped = skipped
        let latest = read.compactMap(\.observedOn).max() ?? Day(ordinal: 0)
        let merge = ListingMerge(base: base, observedOn: latest, firstSeen: firstSeen)
        guard !read.isEmpty, let merged = try? merge.merge(read, version: base.version).0,
            merged != base
        else {
            catalog = base
            return
        }
        catalog = merged
        catalog.version = Self.version(of: merged, base: base)
    }

    /// `BASE+observed-DAY.HASH`: the latest day a listing changed an offer, and a digest of the
    /// merged facts, so the version changes exactly when the catalog does (a daily listing that
    /// shows nothing new leaves it), and two daemons of one store name it alike.
    static func version(of merged: Catalog, base: Catalog) -> String {
        let day = ListingMerge.latestObservation(in: merged).map { "\($0)" } ?? "listings"
        return "\(base.version)+observed-\(day).\(Self.digest(CatalogYAMLWriter().write(merged)))"
    }

    /// FNV-1a over the bytes, as 8 hex digits: stable across processes, unlike `Hasher`.
    static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(8))
    }

    /// How a kept listing is named in messages and sources: `aws/us-east-1.models`.
    static func file(_ l: StoredListing) -> String {
        "\(l.cloud)/\(l.region)" + (l.name.isEmpty ? "" : ".\(l.name)")
    }
}
