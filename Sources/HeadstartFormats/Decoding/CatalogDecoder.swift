import HeadstartEngine
import HeadstartYAML

/// Reads a catalog document (`kind: Catalog`) into a ``Catalog``, reporting every problem.
public struct CatalogDecoder: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .default) { self.limits = limits }

    /// The catalog in `bytes`; `file` names it in diagnostics.
    public func decode(_ bytes: [UInt8], file: String) throws(DocumentError) -> Catalog {
        try NodeReader.decode(file: file) { decode(bytes, reader: $0) }
    }

    // The keys each mapping may and must have; `Plans/schema/catalog.schema.json` is tested against them.
    static let catalogKeys = ["apiVersion", "kind", "version", "terms", "clouds", "capabilities"]
    static let termsKeys = ["firstAccessCloud", "firstAccessWindowDays", "licenseThrough", "estimates", "measuredSince"]
    static let termsRequired = ["firstAccessCloud", "firstAccessWindowDays", "licenseThrough"]
    static let capabilityKeys = ["kind", "launch", "azureDeclined", "offers", "successor"]
    static let capabilityRequired = ["kind", "launch", "offers"]
    static let offerKeys = [
        "cloud", "regions", "since", "expected", "stage", "processing", "source", "retires", "deprecated", "model",
        "modelVersion", "illustrative",
    ]
    static let offerRequired = ["cloud", "regions", "stage", "processing"]

    private func decode(_ bytes: [UInt8], reader: NodeReader) -> Catalog? {
        guard let root = reader.document(bytes, limits: limits, what: "catalog"), reader.hasKind(root, "Catalog"),
            let top = reader.mapping(
                root,
                "the catalog",
                allowed: Self.catalogKeys,
                required: Self.catalogKeys
            )
        else { return nil }
        reader.header(top, kind: "Catalog")
        let version = top["version"].flatMap { reader.text($0, "version") }
        let clouds = top["clouds"].map { decodeClouds($0, reader) } ?? []
        let terms = top["terms"].flatMap { decodeTerms($0, clouds: clouds, reader) }
        var capabilities: [Capability] = []
        var successorMarks: [String: YAMLMark] = [:]
        if let node = top["capabilities"] {
            for entry in reader.namedEntries(node, "capabilities") {
                if let c = decodeCapability(entry.name, entry.value, clouds: clouds, firstAccess: terms?.firstAccessCloud, reader) {
                    capabilities.append(c)
                    if let mark = entry.value.value(forKey: "successor")?.mark { successorMarks[c.name] = mark }
                }
            }
        }
        checkSuccessors(capabilities, marks: successorMarks, reader)
        guard let version, let terms else { return nil }
        return Catalog(version: version, terms: terms, clouds: clouds, capabilities: capabilities)
    }

    private func decodeTerms(_ node: YAMLNode, clouds: [Cloud], _ reader: NodeReader) -> Terms? {
        guard let f = reader.mapping(node, "terms", allowed: Self.termsKeys, required: Self.termsRequired) else { return nil }
        var cloud = f["firstAccessCloud"].flatMap { reader.string($0, "terms.firstAccessCloud") }
        if let name = cloud, let mark = f["firstAccessCloud"]?.mark, !clouds.isEmpty, !clouds.contains(where: { $0.name == name }) {
            reader.error(
                DiagnosticCode.unknownReference,
                "firstAccessCloud '\(name)' is not one of the clouds\(Suggestion.hint(for: name, in: clouds.map(\.name)))",
                at: mark
            )
            cloud = nil
        }
        let window = f["firstAccessWindowDays"].flatMap { reader.int($0, "terms.firstAccessWindowDays", in: 0...3650) }
        let license = f["licenseThrough"].flatMap { reader.day($0, "terms.licenseThrough") }
        // A bad value is reported at its line, which fails the document; the default only fills in.
        let estimates = f["estimates"].flatMap { reader.choice($0, "terms.estimates", as: EstimateBasis.self) } ?? .window
        let since = f["measuredSince"].flatMap { reader.day($0, "terms.measuredSince") }
        guard let cloud, let window, let license else { return nil }
        return Terms(firstAccessCloud: cloud, firstAccessWindowDays: window, licenseThrough: license, estimates: estimates, measuredSince: since)
    }

    private func decodeClouds(_ node: YAMLNode, _ reader: NodeReader) -> [Cloud] {
        var clouds: [Cloud] = []
        for entry in reader.namedEntries(node, "clouds") {
            var regions: [Region] = []
            for region in reader.namedEntries(entry.value, "regions of cloud \(entry.name)") {
                guard let geo = reader.string(region.value, "the geo of region \(region.name)") else { continue }
                regions.append(Region(name: region.name, geo: geo))
            }
            clouds.append(Cloud(name: entry.name, regions: regions))
        }
        return clouds
    }

    private func decodeCapability(_ name: String, _ node: YAMLNode, clouds: [Cloud], firstAccess: String?, _ reader: NodeReader) -> Capability? {
        guard let f = reader.mapping(node, "capability \(name)", allowed: Self.capabilityKeys, required: Self.capabilityRequired) else { return nil }
        let kind = f["kind"].flatMap { reader.string($0, "kind of \(name)") }
        let launch = f["launch"].flatMap { reader.day($0, "launch of \(name)") }
        let declined = f["azureDeclined"].map { reader.bool($0, "azureDeclined of \(name)") ?? false } ?? false
        var offers: [Offer] = []
        if let list = f["offers"] {
            if let items = list.sequenceItems {
                for item in items {
                    if let offer = decodeOffer(item, capability: name, clouds: clouds, reader) { offers.append(offer) }
                }
            } else {
                reader.error(DiagnosticCode.wrongType, "offers of \(name) must be a list, found \(list.kindName)", at: list.mark)
            }
        }
        let successor = f["successor"].flatMap { reader.string($0, "successor of \(name)") }
        guard let kind, let launch else { return nil }
        return Capability(name: name, kind: kind, launch: launch, azureDeclined: declined, offers: offers, successor: successor)
    }

    /// Every `successor` names another capability of the catalog, and no chain comes back to
    /// where it started: a cycle is reported once, at the `successor` of one of its members.
    private func checkSuccessors(_ capabilities: [Capability], marks: [String: YAMLMark], _ reader: NodeReader) {
        let byName = Dictionary(capabilities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var valid: [String: String] = [:]
        for c in capabilities {
            guard let successor = c.successor, let mark = marks[c.name] else { continue }
            if successor == c.name {
                reader.error(DiagnosticCode.badValue, "the successor of \(c.name) is \(c.name) itself", at: mark)
            } else if byName[successor] == nil {
                reader.error(
                    DiagnosticCode.unknownReference,
                    "successor '\(successor)' of \(c.name) is not in the catalog\(Suggestion.hint(for: successor, in: capabilities.map(\.name)))",
                    at: mark
                )
            } else {
                valid[c.name] = successor
            }
        }
        var reported = Set<String>()
        for c in capabilities where valid[c.name] != nil && !reported.contains(c.name) {
            var path: [String] = []
            var current: String? = c.name
            while let name = current, !path.contains(name) {
                path.append(name)
                current = valid[name]
            }
            // A repeat that is the start of the walk closes a cycle through c; others are found from their own start.
            guard let repeated = current, repeated == c.name else { continue }
            reported.formUnion(path)
            let members = path.joined(separator: " -> ") + " -> " + c.name
            reader.error(DiagnosticCode.badValue, "successor cycle: \(members)", at: marks[c.name] ?? YAMLMark(line: 1, column: 1))
        }
    }

    private func decodeOffer(_ node: YAMLNode, capability: String, clouds: [Cloud], _ reader: NodeReader) -> Offer? {
        let what = "an offer of \(capability)"
        guard let f = reader.mapping(node, what, allowed: Self.offerKeys, required: Self.offerRequired) else { return nil }
        var cloud: Cloud?
        if let cloudNode = f["cloud"], let name = reader.string(cloudNode, "cloud of \(what)") {
            cloud = clouds.first { $0.name == name }
            if cloud == nil {
                reader.error(
                    DiagnosticCode.unknownReference,
                    "cloud '\(name)' of \(what) is not in clouds\(Suggestion.hint(for: name, in: clouds.map(\.name)))",
                    at: cloudNode.mark
                )
            }
        }
        var regions: [String] = []
        if let regionsNode = f["regions"], let list = reader.stringList(regionsNode, "regions of \(what)", nonEmpty: true) {
            for (region, mark) in list {
                if let cloud, !cloud.regions.contains(where: { $0.name == region }) {
                    reader.error(
                        DiagnosticCode.unknownReference,
                        "region '\(region)' is not a region of cloud \(cloud.name) in clouds\(Suggestion.hint(for: region, in: cloud.regions.map(\.name)))",
                        at: mark
                    )
                }
                regions.append(region)
            }
        }
        let since = f["since"].flatMap { reader.day($0, "since") }
        let expected = f["expected"].flatMap { reader.day($0, "expected") }
        if f["since"] != nil, let e = f["expected"] {
            reader.error(DiagnosticCode.badValue, "an offer has either since (confirmed) or expected (announced), not both", at: e.mark)
        }
        let stage = f["stage"].flatMap { reader.choice($0, "stage", as: Stage.self) }
        let processing = f["processing"].flatMap { reader.choice($0, "processing", as: Processing.self) }
        let source = f["source"].flatMap { reader.text($0, "source") }
        let retires = f["retires"].flatMap { reader.day($0, "retires") }
        let deprecated = f["deprecated"].flatMap { reader.day($0, "deprecated") }
        let model = f["model"].flatMap { reader.text($0, "model") }
        let modelVersion = f["modelVersion"].flatMap { reader.text($0, "modelVersion") }
        let illustrative = f["illustrative"].map { reader.bool($0, "illustrative") ?? false } ?? false
        if let retires, let start = since ?? expected, retires <= start, let mark = f["retires"]?.mark {
            reader.error(
                DiagnosticCode.badValue,
                "retires \(retires) is on or before the offer's \(since != nil ? "since" : "expected") day \(start)",
                at: mark
            )
        }
        if let retires, let deprecated, deprecated > retires, let mark = f["deprecated"]?.mark {
            reader.error(
                DiagnosticCode.badValue,
                "deprecated \(deprecated) is after retires \(retires): new deployments stop before, or when, the offer retires",
                at: mark
            )
        }
        guard let cloud, let stage, let processing else { return nil }
        let availability: Availability = since.map { .since($0) } ?? expected.map { .expected($0) } ?? .estimated
        return Offer(
            cloud: cloud.name,
            regions: regions,
            availability: availability,
            stage: stage,
            processing: processing,
            source: source,
            retires: retires,
            deprecated: deprecated,
            model: model,
            modelVersion: modelVersion,
            illustrative: illustrative
        )
    }
}
