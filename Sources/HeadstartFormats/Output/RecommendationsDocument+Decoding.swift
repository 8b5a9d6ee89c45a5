import Foundation
import HeadstartEngine

extension RecommendationsDocument {
    /// Reads a recommendations document (an object, or an array of them) back into engine
    /// values, so a client can render what the daemon sent. Candidates and rejections come
    /// back only from an `--explain` document; fields JSON does not carry (a region's geo, an
    /// offer's position in the catalog) are left empty.
    public static func decode(_ data: Data) throws -> [Recommendations] {
        let decoder = JSONDecoder()
        if let many = try? decoder.decode([Wire.Document].self, from: data) { return try many.map { try $0.value() } }
        return [try decoder.decode(Wire.Document.self, from: data).value()]
    }

    struct BadValue: Error, CustomStringConvertible {
        var description: String
    }

    enum Wire {
        static func day(_ text: String) throws -> Day {
            guard let day = Day(iso: text) else { throw BadValue(description: "'\(text)' is not a date YYYY-MM-DD") }
            return day
        }

        static func value<E: RawRepresentable>(_ raw: String, as: E.Type) throws -> E where E.RawValue == String {
            guard let value = E(rawValue: raw) else { throw BadValue(description: "unknown value '\(raw)'") }
            return value
        }

        struct Document: Decodable {
            var plan: String
            var asOf: String
            var catalogVersion: String
            var nextReplanAt: String?
            var recommendations: [Recommendation]

            func value() throws -> Recommendations {
                let day = try Wire.day(asOf)
                return Recommendations(plan: plan, asOf: day, catalogVersion: catalogVersion,
                                       nextReplanAt: try nextReplanAt.map(Wire.day),
                                       recommendations: try recommendations.map { try $0.value(asOf: day) })
            }
        }

        struct Recommendation: Decodable {
            var workload: String
            var capability: String
            var status: String
            var timeline: [Phase]
            var why: String
            var candidates: [Candidate]?
            var rejected: [Rejection]?

            func value(asOf: Day) throws -> HeadstartEngine.Recommendation {
                HeadstartEngine.Recommendation(
                    workload: workload, capability: capability, status: try Wire.value(status, as: PlacementStatus.self),
                    timeline: try timeline.map { try $0.value(need: capability) }, candidates: try (candidates ?? []).map { try $0.value(need: capability) },
                    rejected: try (rejected ?? []).map { try $0.value(need: capability) }, why: why, asOf: asOf)
            }
        }

        struct Phase: Decodable {
            /// Absent from documents stored before phases named their capability: the need's own.
            var capability: String?
            var cloud: String
            var region: String
            var from: String
            var until: String?
            var flags: [String]

            func value(need: String) throws -> HeadstartEngine.Phase {
                HeadstartEngine.Phase(capability: capability ?? need, cloud: cloud, region: region, from: try Wire.day(from),
                                      until: try until.map(Wire.day), flags: try flags.map { try Wire.value($0, as: PhaseFlag.self) })
            }
        }

        struct Candidate: Decodable {
            var cloud: String
            var region: String
            var availableFrom: String
            var dateKind: String
            var overdue: Bool
            var rank: Int
            var stage: String?
            var processing: String?
            var source: String?
            var capability: String?
            var retires: String?

            func value(need: String) throws -> HeadstartEngine.Candidate {
                let place = OfferRegion(
                    capability: capability ?? need, cloud: cloud, region: region, geo: nil, stage: try Wire.value(stage ?? "ga", as: Stage.self),
                    processing: try Wire.value(processing ?? "regional", as: Processing.self), availableFrom: try Wire.day(availableFrom),
                    dateKind: try Wire.value(dateKind, as: DateKind.self), source: source, offerIndex: 0, retires: try retires.map(Wire.day))
                return HeadstartEngine.Candidate(place: place, overdue: overdue, rank: rank)
            }
        }

        struct Rejection: Decodable {
            var cloud: String
            var region: String
            var reason: String
            var detail: String?
            var source: String?
            // Absent from documents stored before rejections carried them.
            var availableFrom: String?
            var dateKind: String?
            var stage: String?
            var processing: String?
            var capability: String?
            var retires: String?

            func value(need: String) throws -> HeadstartEngine.Rejection {
                let place = OfferRegion(
                    capability: capability ?? need, cloud: cloud, region: region, geo: nil, stage: try Wire.value(stage ?? "ga", as: Stage.self),
                    processing: try Wire.value(processing ?? "regional", as: Processing.self),
                    availableFrom: try availableFrom.map(Wire.day) ?? Day(ordinal: 0),
                    dateKind: try Wire.value(dateKind ?? "confirmed", as: DateKind.self), source: source, offerIndex: 0,
                    retires: try retires.map(Wire.day))
                return HeadstartEngine.Rejection(place: place, reason: try Wire.value(reason, as: RejectionReason.self), detail: detail ?? "")
            }
        }
    }
}
