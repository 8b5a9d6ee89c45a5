extension OfferChange {
    /// The change as people say it: "gpt-6-sol arrived on aws us-east-1", "gpt-5.5 retires on
    /// azure swedencentral on 2027-10-26". `watch` prints these for catalog changes listings made.
    public var sentence: String {
        let place = "\(cloud) \(region)"
        let was = before.map { " (was \($0))" } ?? ""
        switch change {
        case .added: return "\(capability) arrived on \(place)"
        case .confirmed: return "\(capability) arrived on \(place)\(was)"
        case .removed: return "\(capability) left \(place)"
        case .date: return "\(capability) on \(place) is now \(after ?? "-")\(was)"
        case .stage: return "\(capability) is \(after ?? "-") on \(place)\(was)"
        case .retires:
            guard let after else { return "\(capability) no longer retires on \(place)\(was)" }
            return "\(capability) retires on \(place) on \(after)\(was)"
        case .deprecated:
            guard let after else { return "\(capability) is no longer deprecated on \(place)\(was)" }
            return "\(capability) takes no new deployments on \(place) from \(after)\(was)"
        }
    }
}
