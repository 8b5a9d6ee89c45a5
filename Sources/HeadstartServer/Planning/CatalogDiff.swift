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
        for key in Set(before.keys).union(after.keys).sorted(by: {
            ($0.capability, $0.cloud, $0.region, $0.processing) < ($1.capability, $1.cloud, $1.region, $1.processing)
        }) {
            let (capability, cloud, region) = (key.capability, key.cloud, key.region)
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
                    out[Key(capability: capability.name, cloud: offer.cloud, region: region, processing: offer.processing.rawValue)] = Fact(
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

    /// Where one offer fact holds: a capability on a cloud's region, processed as it says.
    private struct Key: Hashable {
        var capability: String
        var cloud: String
        var region: String
        var processing: String
    }
}
