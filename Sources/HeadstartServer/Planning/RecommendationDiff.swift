import Foundation

/// What changed between two recommendation documents of one plan, as JSON-ready objects.
///
/// A placement that runs today starts "today", so its `from` moves every day without anything
/// changing: a phase start equal to its document's as-of day does not count; everything else
/// (status, each phase's cloud, region, start, end and flags) does.
enum RecommendationDiff {
    struct Change {
        var workload: String
        var capability: String
        var before: [String: Any]?
        var after: [String: Any]?

        var object: [String: Any] {
            ["workload": workload, "capability": capability, "before": before ?? NSNull(), "after": after ?? NSNull()]
        }
    }

    static func changes(from old: Data?, to new: Data?) -> [Change] {
        if let old, let new, sameRecommendations(old, new) { return [] }
        let before = recommendations(old), after = recommendations(new)
        var keys: [String] = []
        var seen = Set<String>()
        for key in before.order + after.order where seen.insert(key).inserted { keys.append(key) }
        var out: [Change] = []
        for key in keys {
            let b = before.byKey[key], a = after.byKey[key]
            if let b, let a, signature(b, asOf: before.asOf) == signature(a, asOf: after.asOf) { continue }
            let source = a ?? b ?? [:]
            out.append(Change(workload: source["workload"] as? String ?? "", capability: source["capability"] as? String ?? "",
                              before: b.map(summary), after: a.map(summary)))
        }
        return out
    }

    /// The crossed boundaries that are retirement days: the ends of the old document's phases
    /// flagged `retiring` that fall after its as-of day and on or before the new one.
    static func retirements(crossedIn old: Data?, from: String?, to: String) -> [String] {
        guard let from, let old, let object = (try? JSONSerialization.jsonObject(with: old)) as? [String: Any],
              let list = object["recommendations"] as? [[String: Any]] else { return [] }
        var dates = Set<String>()
        for r in list {
            for phase in r["timeline"] as? [[String: Any]] ?? [] where (phase["flags"] as? [String])?.contains("retiring") == true {
                if let d = phase["until"] as? String, d > from, d <= to { dates.insert(d) }
            }
        }
        return dates.sorted()
    }

    /// Phase boundaries of the old document that fall after its as-of day and on or before the
    /// new one: the dates a re-plan over time crossed.
    static func boundaries(crossedIn old: Data?, from: String?, to: String) -> [String] {
        guard let from, let old, let object = (try? JSONSerialization.jsonObject(with: old)) as? [String: Any],
              let list = object["recommendations"] as? [[String: Any]] else { return [] }
        var dates = Set<String>()
        for r in list {
            for phase in r["timeline"] as? [[String: Any]] ?? [] {
                for key in ["from", "until"] {
                    if let d = phase[key] as? String, d > from, d <= to { dates.insert(d) }
                }
            }
        }
        return dates.sorted()
    }

    /// Whether two documents of the same day hold byte-identical recommendations: most
    /// re-plans change nothing, and this answers them without parsing either document.
    static func sameRecommendations(_ a: Data, _ b: Data) -> Bool {
        func sections(_ d: Data) -> [String: [UInt8]] {
            d.withUnsafeBytes { raw in
                Dictionary(JSONMembers.of(raw).filter { $0.key == "asOf" || $0.key == "recommendations" }, uniquingKeysWith: { x, _ in x })
            }
        }
        let x = sections(a), y = sections(b)
        guard let day = x["asOf"], let list = x["recommendations"] else { return false }
        return day == y["asOf"] && list == y["recommendations"]
    }

    /// The parts of a recommendation an event reports: status, current placement, timeline.
    static func summary(_ r: [String: Any]) -> [String: Any] {
        ["status": r["status"] ?? NSNull(), "current": r["current"] ?? NSNull(), "timeline": r["timeline"] ?? []]
    }

    private static func recommendations(_ data: Data?) -> (order: [String], byKey: [String: [String: Any]], asOf: String) {
        guard let data, let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let list = object["recommendations"] as? [[String: Any]] else { return ([], [:], "") }
        var order: [String] = []
        var byKey: [String: [String: Any]] = [:]
        for r in list {
            let key = "\(r["workload"] as? String ?? "")/\(r["capability"] as? String ?? "")"
            order.append(key)
            byKey[key] = r
        }
        return (order, byKey, object["asOf"] as? String ?? "")
    }

    private static func signature(_ r: [String: Any], asOf: String) -> String {
        let phases = (r["timeline"] as? [[String: Any]] ?? []).map { phase in
            let from = phase["from"] as? String == asOf ? "today" : "\(phase["from"] ?? "")"
            // A successor's phase differs from one of the need's own capability on the same cloud;
            // a phase without the key (stored before phases named it) serves the need's own.
            let served = phase["capability"] as? String
            let capability = served.map { $0 == r["capability"] as? String ? "" : "\($0) on " } ?? ""
            return "\(capability)\(phase["cloud"] ?? "") \(phase["region"] ?? "") \(from)..\(phase["until"] ?? "") \(phase["flags"] ?? "")"
        }
        return "\(r["status"] ?? "") | " + phases.joined(separator: " | ")
    }
}
