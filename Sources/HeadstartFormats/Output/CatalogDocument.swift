import HeadstartEngine

/// The JSON form of a ``Catalog``, in the catalog YAML's own shape (keys sorted on output).
public struct CatalogDocument: Encodable, Sendable {
    let catalog: Catalog
    /// Where the daemon's catalog in force came from (`file`, `api`, `built-in`); nil leaves the key out.
    let source: String?

    public init(_ catalog: Catalog, source: String? = nil) {
        self.catalog = catalog
        self.source = source
    }

    enum Keys: String, CodingKey { case apiVersion, kind, version, terms, clouds, capabilities, catalogSource }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("headstart/v1", forKey: .apiVersion)
        try c.encode("Catalog", forKey: .kind)
        try c.encode(catalog.version, forKey: .version)
        try c.encodeIfPresent(source, forKey: .catalogSource)
        try c.encode(TermsDocument(terms: catalog.terms), forKey: .terms)
        var clouds: [String: [String: String]] = [:]
        for cloud in catalog.clouds {
            clouds[cloud.name] = Dictionary(cloud.regions.map { ($0.name, $0.geo) }, uniquingKeysWith: { first, _ in first })
        }
        try c.encode(clouds, forKey: .clouds)
        var capabilities: [String: CapabilityDocument] = [:]
        for capability in catalog.capabilities { capabilities[capability.name] = CapabilityDocument(capability: capability) }
        try c.encode(capabilities, forKey: .capabilities)
    }

    struct TermsDocument: Encodable {
        let terms: Terms
        enum Keys: String, CodingKey { case firstAccessCloud, firstAccessWindowDays, licenseThrough }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(terms.firstAccessCloud, forKey: .firstAccessCloud)
            try c.encode(terms.firstAccessWindowDays, forKey: .firstAccessWindowDays)
            try c.encode(terms.licenseThrough.description, forKey: .licenseThrough)
        }
    }

    struct CapabilityDocument: Encodable {
        let capability: Capability
        enum Keys: String, CodingKey { case kind, launch, azureDeclined, offers }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(capability.kind, forKey: .kind)
            try c.encode(capability.launch.description, forKey: .launch)
            try c.encode(capability.azureDeclined, forKey: .azureDeclined)
            try c.encode(capability.offers.map(OfferDocument.init), forKey: .offers)
        }
    }

    struct OfferDocument: Encodable {
        let offer: Offer
        enum Keys: String, CodingKey { case cloud, regions, since, expected, stage, processing, source }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(offer.cloud, forKey: .cloud)
            try c.encode(offer.regions, forKey: .regions)
            switch offer.availability {
            case .since(let day): try c.encode(day.description, forKey: .since)
            case .expected(let day): try c.encode(day.description, forKey: .expected)
            case .estimated: break
            }
            try c.encode(offer.stage.rawValue, forKey: .stage)
            try c.encode(offer.processing.rawValue, forKey: .processing)
            try c.encodeIfPresent(offer.source, forKey: .source)
        }
    }
}
