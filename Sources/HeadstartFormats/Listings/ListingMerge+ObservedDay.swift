import HeadstartEngine

extension ListingMerge {
    /// The latest day a listing's observation dates an offer of `catalog` by: the day in the
    /// `observed: KIND REGION DAY` sources this merge writes; nil when no offer has one.
    public static func latestObservation(in catalog: Catalog) -> Day? {
        catalog.capabilities.flatMap(\.offers).compactMap { offer -> Day? in
            guard let source = offer.source, source.hasPrefix("observed: "), let last = source.split(separator: " ").last else { return nil }
            return Day(iso: String(last))
        }.max()
    }
}
