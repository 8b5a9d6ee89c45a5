import Foundation
import HeadstartAPI
import HeadstartEngine

// A recommendations document read back into engine values, so a client renders what the daemon
// sent as `plan` renders what it planned. Candidates and rejections come back only from an
// `--explain` document; fields JSON does not carry (a region's geo, an offer's position in the
// catalog) are left empty.

extension RecommendationsBody {
    /// The documents in `data`: one object, or an array of them.
    public static func documents(in data: Data) throws -> [RecommendationsBody] {
        let decoder = JSONDecoder()
        if let many = try? decoder.decode([RecommendationsBody].self, from: data) { return many }
        return [try decoder.decode(RecommendationsBody.self, from: data)]
    }
}

/// Wire strings back to engine values, or an error that names the value.
enum WireValue {
    struct Bad: Error, CustomStringConvertible {
        var description: String
    }

    static func day(_ text: String) throws -> Day {
        guard let day = Day(iso: text) else { throw Bad(description: "'\(text)' is not a date YYYY-MM-DD") }
        return day
    }

    static func value<E: RawRepresentable>(_ raw: String, as: E.Type) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: raw) else { throw Bad(description: "unknown value '\(raw)'") }
        return value
    }
}

extension RecommendationsBody {
    /// The engine's values; fields JSON does not carry are left empty.
    public func value() throws -> Recommendations {
        let day = try WireValue.day(asOf)
        return Recommendations(
            plan: plan,
            asOf: day,
            catalogVersion: catalogVersion,
            nextReplanAt: try nextReplanAt.map(WireValue.day),
            recommendations: try (recommendations ?? []).map { try $0.value(asOf: day) }
        )
    }
}

extension RecommendationsBody.Recommendation {
    func value(asOf: Day) throws -> HeadstartEngine.Recommendation {
        HeadstartEngine.Recommendation(
            workload: workload,
            capability: capability,
            status: try WireValue.value(status, as: PlacementStatus.self),
            timeline: try timeline.map { try $0.value(need: capability) },
            candidates: try (candidates ?? []).map { try $0.value(need: capability) },
            rejected: try (rejected ?? []).map { try $0.value(need: capability) },
            why: why,
            asOf: asOf
        )
    }
}

extension RecommendationsBody.Phase {
    func value(need: String) throws -> HeadstartEngine.Phase {
        HeadstartEngine.Phase(
            capability: capability ?? need,
            cloud: cloud,
            region: region,
            from: try WireValue.day(from),
            until: try until.map(WireValue.day),
            flags: try flags.map { try WireValue.value($0, as: PhaseFlag.self) },
            illustrative: illustrative ?? false
        )
    }
}

extension RecommendationsBody.Candidate {
    func value(need: String) throws -> HeadstartEngine.Candidate {
        let place = try RecommendationsBody.place(
            capability: capability ?? need,
            cloud: cloud,
            region: region,
            stage: stage,
            processing: processing,
            availableFrom: availableFrom,
            dateKind: dateKind,
            source: source,
            retires: retires,
            illustrative: illustrative ?? false
        )
        return HeadstartEngine.Candidate(place: place, overdue: overdue, rank: rank)
    }
}

extension RecommendationsBody.Rejection {
    func value(need: String) throws -> HeadstartEngine.Rejection {
        // Rejections stored before they carried their dates read as confirmed from day 0.
        let place = try RecommendationsBody.place(
            capability: capability ?? need,
            cloud: cloud,
            region: region,
            stage: stage,
            processing: processing,
            availableFrom: availableFrom ?? Day(ordinal: 0).description,
            dateKind: dateKind ?? "confirmed",
            source: source,
            retires: retires
        )
        return HeadstartEngine.Rejection(
            place: place,
            reason: try WireValue.value(reason, as: RejectionReason.self),
            detail: detail ?? ""
        )
    }
}

extension RecommendationsBody {
    /// A candidate's or rejection's place; fields older documents lack read as their defaults.
    static func place(
        capability: String,
        cloud: String,
        region: String,
        stage: String?,
        processing: String?,
        availableFrom: String,
        dateKind: String,
        source: String?,
        retires: String?,
        illustrative: Bool = false
    ) throws -> OfferRegion {
        OfferRegion(
            capability: capability,
            cloud: cloud,
            region: region,
            geo: nil,
            stage: try WireValue.value(stage ?? "ga", as: Stage.self),
            processing: try WireValue.value(processing ?? "regional", as: Processing.self),
            availableFrom: try WireValue.day(availableFrom),
            dateKind: try WireValue.value(dateKind, as: DateKind.self),
            source: source,
            offerIndex: 0,
            retires: try retires.map(WireValue.day),
            illustrative: illustrative
        )
    }
}
