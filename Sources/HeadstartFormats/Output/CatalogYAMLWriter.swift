import HeadstartEngine

/// A catalog written back as YAML in the shipped catalog's layout (one flow mapping per offer):
/// what `headstart catalog import` prints. Deterministic: the same catalog gives the same bytes.
/// Comments are not kept; every fact is, and the decoder reads the output back to the same catalog.
public struct CatalogYAMLWriter: Sendable {
    /// The first lines, each written as a comment.
    public var header: [String]

    public init(header: [String] = []) { self.header = header }

    public func write(_ catalog: Catalog) -> String {
        var out = header.map { "# " + $0 + "\n" }.joined()
        out += "apiVersion: headstart/v1\nkind: Catalog\nversion: \(Self.quoted(catalog.version))\n"
        let t = catalog.terms
        out += "terms:\n  firstAccessCloud: \(Self.scalar(t.firstAccessCloud))\n  firstAccessWindowDays: \(t.firstAccessWindowDays)\n"
        out += "  licenseThrough: \(t.licenseThrough)\n"
        if t.estimates != .window { out += "  estimates: \(t.estimates.rawValue)\n" }
        if let since = t.measuredSince { out += "  measuredSince: \(since)\n" }
        out += "clouds:\n"
        for cloud in catalog.clouds {
            out += "  \(Self.scalar(cloud.name)):\n"
            for region in cloud.regions { out += "    \(Self.scalar(region.name)): \(Self.scalar(region.geo))\n" }
        }
        out += "capabilities:\n"
        for c in catalog.capabilities {
            out += "  \(Self.scalar(c.name)):\n    kind: \(Self.scalar(c.kind))\n    launch: \(c.launch)\n"
            if c.azureDeclined { out += "    azureDeclined: true\n" }
            if let successor = c.successor { out += "    successor: \(Self.scalar(successor))\n" }
            out += c.offers.isEmpty ? "    offers: []\n" : "    offers:\n"
            for offer in c.offers { out += "      - " + Self.offer(offer) + "\n" }
        }
        return out
    }

    static func offer(_ o: Offer) -> String {
        var fields = ["cloud: \(scalar(o.cloud))", "regions: [" + o.regions.map(scalar).joined(separator: ", ") + "]"]
        switch o.availability {
        case .since(let day): fields.append("since: \(day)")
        case .expected(let day): fields.append("expected: \(day)")
        case .estimated: break
        }
        fields += ["stage: \(o.stage.rawValue)", "processing: \(o.processing.rawValue)"]
        if let retires = o.retires { fields.append("retires: \(retires)") }
        if let deprecated = o.deprecated { fields.append("deprecated: \(deprecated)") }
        if let model = o.model { fields.append("model: \(quoted(model))") }
        if let version = o.modelVersion { fields.append("modelVersion: \(quoted(version))") }
        if o.illustrative { fields.append("illustrative: true") }
        if let source = o.source { fields.append("source: \(quoted(source))") }
        return "{ " + fields.joined(separator: ", ") + " }"
    }

    /// Plain when it cannot be read as anything but this string, else double-quoted.
    public static func scalar(_ s: String) -> String {
        func letter(_ u: Unicode.Scalar) -> Bool { ("a"..."z").contains(u) || ("A"..."Z").contains(u) }
        let safe =
            s.unicodeScalars.first.map(letter) == true
            && s.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
            && !["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(s.lowercased())
        return safe ? s : quoted(s)
    }

    /// A YAML double-quoted scalar: the one the LiteLLM export writes.
    public static func quoted(_ s: String) -> String { LiteLLMConfig.quoted(s) }
}
