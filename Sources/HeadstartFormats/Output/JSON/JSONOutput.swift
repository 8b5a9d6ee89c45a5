import Foundation
import HeadstartAPI
import HeadstartEngine

/// Deterministic JSON: sorted keys, two-space indentation, `"key": value`, empty collections as
/// `[]` and `{}`, a final newline. The same input always gives the same bytes. Everything goes
/// through ``JSONWriter``, by way of ``JSONValueEncoder``; a recommendations document
/// by its own writer (``RecommendationsBody``).
public enum JSONOutput {
    /// The bytes of `value`, indented.
    public static func encode(_ value: some Encodable) throws -> Data {
        Data(try JSONValueEncoder.pretty(value))
    }

    /// One document for one plan, an array when `asArray` (several files were given).
    /// `summaryOnly` leaves out the recommendations: status counts and placements per capability.
    public static func recommendations(_ all: [Recommendations], explain: Bool, asArray: Bool, summaryOnly: Bool = false) throws -> Data {
        // Room for the whole document up front (a full one is about 550 bytes a recommendation,
        // an explained one a few kB): growing a 30 MB buffer by doubling copies it again and again.
        let count = all.reduce(0) { $0 + $1.recommendations.count }
        let perRecommendation = summaryOnly ? 0 : explain ? 4096 : 768
        var writer = JSONWriter(capacity: max(1 << 20, count * perRecommendation))
        if asArray || all.count != 1 {
            writer.array { w in
                for r in all {
                    w.element()
                    write(r, explain: explain, summaryOnly: summaryOnly, to: &w)
                }
            }
        } else {
            write(all[0], explain: explain, summaryOnly: summaryOnly, to: &writer)
        }
        return Data(writer.finish())
    }

    /// One document by the document's writer, each recommendation made into its body just
    /// before it is written: holding the bodies of a 20,000-workload plan at once cost more
    /// than writing them.
    static func write(_ r: Recommendations, explain: Bool, summaryOnly: Bool, to w: inout JSONWriter) {
        let document = RecommendationsBody(r, explain: explain, summaryOnly: true)
        document.write(
            to: &w,
            recommendations: summaryOnly
                ? nil
                : { w in
                    w.array { w in
                        for recommendation in r.recommendations {
                            w.element()
                            RecommendationsBody.Recommendation(recommendation, explain: explain).write(to: &w)
                        }
                    }
                }
        )
    }
}
