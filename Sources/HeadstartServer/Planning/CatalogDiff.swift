import HeadstartAPI
import HeadstartEngine

/// The offers whose facts differ between two catalogs, one entry per capability, cloud, region
/// and processing scope: "aws eu-central-1 confirmed", "gcp europe-west4 added".
enum CatalogDiff {
    private struct Fact: Hashable {
        var date: String
        var stage: String
        var retires: String?
        var deprecated: String?
    }

    static func changes(from old: Catalog, to new: Catalog, capabilities: Set<String>? = nil) -> [OfferChange] {
        let before = facts(old, capabilities)
        let after = facts(new, capabilities)
        var out: [OfferChange] = []
        for key in Set(before.keys).union(after.keys).sorted(by: { ($0.a, $0.b, $0.c, $0.d) < ($1.a, $1.b, $1.c, $1.d) }) {
            let (capability, cloud, region) = (key.a, key.b, key.c)
            switch (before[key], after[key]) {
            case (nil, .some):
                out.append(OfferChange(capability: capability, cloud: cloud, region: region, change: .added))
            case (.some, nil):
                out.append(OfferChange(capability: capability, cloud: cloud, region: region, change: .removed))
            case (let b?, let a?) where b != a:
                if b.date.hasPrefix("expected") || b.date.hasPrefix("estimated"), a.date.hasPrefix("since") {
                    out.append(OfferChange(capability: capability, cloud: cloud, region: region, change: .confirmed, before: b.date, after: a.date))
                } else if b.date != a.date {
                    out.append(OfferChange(capability: capability, cloud: cloud, region: region, change: .date, before: b.date, after: a.date))
                }
                if b.stage != a.stage {
                    out.append(OfferChange(capability: capability, cloud: cloud, region: region, change: .stage, before: b.stage, after: a.stage))
                }
                // A retirement or deprecation day added, moved or withdrawn.
                if b.retires != a.retires {
                    out.append(
                        OfferChange(capability: capability, cloud: cloud, region: region, change: .retires, before: b.retires, after: a.retires)
                    )
                }
                if b.deprecated != a.deprecated {
                    out.append(
                        OfferChange(
                            capability: capability,
                            cloud: cloud,
                            region: region,
                            change: .deprecated,
                            before: b.deprecated,
                            after: a.deprecated
                        )
                    )
                }
            default:
                break
            }
        }
        return out
    }

    /// (capability, cloud, region, processing) -> the offer's date and stage.
    private static func facts(_ catalog: Catalog, _ only: Set<String>?) -> [Key: Fact] {
        var out: [Key: Fact] = [:]
        for capability in catalog.capabilities where only?.contains(capability.name) ?? true {
            for offer in capability.offers {
                let date: String
                switch offer.availability {
                case .since(let d): date = "since \(d)"
                case .expected(let d): date = "expected \(d)"
                case .estimated: date = "estimated from launch \(capability.launch)"
                }
                for region in offer.regions {
                    out[Key(capability.name, offer.cloud, region, offer.processing.rawValue)] = Fact(
                        date: date,
                        stage: offer.stage.rawValue,
                        retires: offer.retires?.description,
                        deprecated: offer.deprecated?.description
                    )
                }
            }
        }
        return out
    }

    private struct Key: Hashable {
        var a: String, b: String, c: String, d: String
        init(_ a: String, _ b: String, _ c: String, _ d: String) { (self.a, self.b, self.c, self.d) = (a, b, c, d) }
    }
}
