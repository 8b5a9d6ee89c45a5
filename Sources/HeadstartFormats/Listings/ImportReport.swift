import HeadstartAPI

/// What `headstart catalog import` changed and what it only reports, each list sorted.
public struct ImportReport: Codable, Sendable, Equatable {
    public var observedOn: String
    public var changes: [Change]
    /// Confirmed catalog offers in a region a listing of their cloud covers, which it lacks (the
    /// account may just not see them): reported, never removed.
    public var notListed: [Place]
    /// Models a listing shows that the catalog lacks: a capability needs a launch and a kind, which a person adds.
    public var unknownCapabilities: [UnknownCapability]
    /// Listing regions the catalog's clouds lack: add them with their geo; nothing was imported for them.
    public var unknownRegions: [UnknownRegion]

    /// One changed fact of one offer in one region.
    public struct Change: Codable, Sendable, Equatable, Comparable {
        public var change: Kind
        public var capability: String
        public var cloud: String
        public var region: String
        public var processing: String
        @ExplicitNull public var from: String?
        @ExplicitNull public var to: String?

        /// Which fact changed; in the JSON report as its raw value.
        public enum Kind: String, Codable, Sendable, Hashable, CaseIterable {
            case added, confirmed, retires, deprecated, stage, successor, model, modelVersion
        }

        public static func < (a: Change, b: Change) -> Bool {
            (a.capability, a.cloud, a.region, a.processing, a.change.rawValue) < (b.capability, b.cloud, b.region, b.processing, b.change.rawValue)
        }
    }

    public struct Place: Codable, Sendable, Equatable, Comparable, Hashable {
        public var capability: String
        public var cloud: String
        public var region: String
        public var processing: String

        public init(capability: String, cloud: String, region: String, processing: String) {
            self.capability = capability
            self.cloud = cloud
            self.region = region
            self.processing = processing
        }

        public static func < (a: Place, b: Place) -> Bool {
            (a.capability, a.cloud, a.region, a.processing) < (b.capability, b.cloud, b.region, b.processing)
        }
    }

    public struct UnknownCapability: Codable, Sendable, Equatable, Comparable, Hashable {
        public var capability: String
        public var cloud: String
        public var region: String
        public var processing: String
        /// The listing's model id, when it gives one.
        public var model: String?
        public var firstSeen: String

        public static func < (a: UnknownCapability, b: UnknownCapability) -> Bool {
            (a.capability, a.cloud, a.region, a.processing) < (b.capability, b.cloud, b.region, b.processing)
        }
    }

    public struct UnknownRegion: Codable, Sendable, Equatable, Comparable, Hashable {
        public var cloud: String
        public var region: String
        public var file: String

        public static func < (a: UnknownRegion, b: UnknownRegion) -> Bool { (a.cloud, a.region, a.file) < (b.cloud, b.region, b.file) }
    }

    /// For people: one line per change, then what was only reported.
    public var table: String {
        var lines = [
            "Observed on \(observedOn): \(changes.count) change(s), \(notListed.count) not listed, "
                + "\(unknownCapabilities.count) unknown capability(ies), \(unknownRegions.count) unknown region(s)"
        ]
        for c in changes {
            let place = "\(c.capability) \(c.cloud) \(c.region) \(c.processing)"
            lines.append("  \(c.change.rawValue.padded(12)) \(place)" + (c.change == .added ? "" : ": \(c.from ?? "none") -> \(c.to ?? "none")"))
        }
        for p in notListed { lines.append("  not-listed   \(p.capability) \(p.cloud) \(p.region) \(p.processing)") }
        for u in unknownCapabilities {
            lines.append("  unknown-capability \(u.capability) on \(u.cloud) \(u.region) \(u.processing), first seen \(u.firstSeen)")
        }
        for r in unknownRegions { lines.append("  unknown-region \(r.cloud) \(r.region) (\(r.file)): add it to clouds.\(r.cloud) with its geo") }
        return lines.map { TerminalText.visible($0) }.joined(separator: "\n") + "\n"
    }
}
