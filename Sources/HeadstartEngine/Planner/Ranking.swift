/// Rule 3: the order of candidates, best first.
struct Ranking {
    let cloudPosition: [String: Int]
    let regionPosition: [String: Int]

    init(preferences: EffectivePreferences) {
        cloudPosition = Dictionary(preferences.clouds.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        regionPosition = Dictionary(preferences.regions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Position in the successor chain (the need's own capability first), cloud position, region
    /// position (listed before unlisted), stage (ga before preview), the later retirement end
    /// (none first), unlisted regions by name, earlier date, then cloud and region names; full
    /// ties keep catalog order. Without successors, retirements or a preview beside a GA offer
    /// in one region this is the first release's order.
    func ranked(_ places: [OfferRegion]) -> [OfferRegion] {
        let unlisted = regionPosition.count
        return places.enumerated().sorted { a, b in
            let ka = key(a.element, unlisted)
            let kb = key(b.element, unlisted)
            if a.element.chainPosition != b.element.chainPosition { return a.element.chainPosition < b.element.chainPosition }
            if ka.cloud != kb.cloud { return ka.cloud < kb.cloud }
            if ka.region != kb.region { return ka.region < kb.region }
            if a.element.stage != b.element.stage { return a.element.stage > b.element.stage }
            if a.element.retirementEnd != b.element.retirementEnd {
                guard let ea = a.element.retirementEnd else { return true }
                guard let eb = b.element.retirementEnd else { return false }
                return ea > eb
            }
            if ka.regionName != kb.regionName { return ka.regionName < kb.regionName }
            if a.element.availableFrom != b.element.availableFrom { return a.element.availableFrom < b.element.availableFrom }
            if a.element.cloud != b.element.cloud { return a.element.cloud < b.element.cloud }
            if a.element.region != b.element.region { return a.element.region < b.element.region }
            return a.offset < b.offset
        }.map(\.element)
    }

    private func key(_ place: OfferRegion, _ unlisted: Int) -> (cloud: Int, region: Int, regionName: String) {
        let cloud = cloudPosition[place.cloud] ?? Int.max
        if let region = regionPosition[place.region] { return (cloud, region, "") }
        return (cloud, unlisted, place.region)
    }
}
