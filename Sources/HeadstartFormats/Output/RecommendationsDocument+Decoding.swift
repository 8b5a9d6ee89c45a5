import Foundation
import HeadstartAPI
import HeadstartEngine

extension RecommendationsDocument {
    /// Reads a recommendations document (an object, or an array of them) back into engine
    /// values, so a client can render what the daemon sent. Candidates and rejections come
    /// back only from an `--explain` document; fields JSON does not carry (a region's geo, an
    /// offer's position in the catalog) are left empty.
    public static func decode(_ data: Data) throws -> [Recommendations] {
        let decoder = JSONDecoder()
        if let many = try? decoder.decode([RecommendationsBody].self, from: data) { return try many.map { try $0.value() } }
        return [try decoder.decode(RecommendationsBody.self, from: data).value()]
    }

    struct BadValue: Error, CustomStringConvertible {
        var description: String
    }

    static func day(_ text: String) throws -> Day {
        guard let day = Day(iso: text) else { throw BadValue(description: "'\(text)' is not a date YYYY-MM-DD") }
        return day
    }

    static func value<E: RawRepresentable>(_ raw: String, as: E.Type) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: raw) else { throw BadValue(description: "unknown value '\(raw)'") }
        return value
    }
}

extension RecommendationsBody {
    /// The engine's values; fields JSON does not carry are left empty.
    public func value() throws -> Recommendations {
        let day = try RecommendationsDocument.day(asOf)
        return Recommendations(
            plan: plan,
            asOf: day,
            catalogVersion: catalogVersion,
            nextReplanAt: try nextReplanAt.map(RecommendationsDocument.day),
            recommendations: try (recommendations ?? []).map { try $0.value(asOf: day) }
        )
    }
}

extension RecommendationsBody.Recommendation {
    func value(asOf: Day) throws -> HeadstartEngine.Recommendation {
        HeadstartEngine.Recommendation(
            workload: workload,
            capability: capability,
            status: try RecommendationsDocument.value(status, as: PlacementStatus.self),
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
            from: try RecommendationsDocument.day(from),
            until: try until.map(RecommendationsDocument.day),
            flags: try flags.map { try RecommendationsDocument.value($0, as: PhaseFlag.self) },
            illustrative: illustrative ?? false
        )
    }
}

extension RecommendationsBody.Candidate {
    func value(need: String) throws -> HeadstartEngine.Candidate {
        let place = try RecommendationsDocument.place(
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
        let place = try RecommendationsDocument.place(
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
            reason: try RecommendationsDocument.value(reason, as: RejectionReason.self),
            detail: detail ?? ""
        )
    }
}

extension RecommendationsDocument {
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
            stage: try value(stage ?? "ga", as: Stage.self),
            processing: try value(processing ?? "regional", as: Processing.self),
            availableFrom: try day(availableFrom),
            dateKind: try value(dateKind, as: DateKind.self),
            source: source,
            offerIndex: 0,
            retires: try retires.map(day),
            illustrative: illustrative
        )
    }
}
