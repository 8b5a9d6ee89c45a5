import HeadstartEngine

/// OCI's and Vertex's listings.
enum OtherRules {
    /// OpenAI's base models; the retirement and deprecation times decide (the state stays
    /// ACTIVE after an on-demand retirement).
    static func oci(_ items: [ListingDocuments.OCIModel], path: String, _ context: inout ListingReader.Context) -> [ListingObservation] {
        var out: [ListingObservation] = []
        for (i, m) in items.enumerated() {
            guard m.vendor?.lowercased() == "openai", m.type?.uppercased() == "BASE", var name = m.displayName else { continue }
            if name.lowercased().hasPrefix("openai.") { name = String(name.dropFirst("openai.".count)) }
            let retires = context.day(m.timeOnDemandRetired, "\(path)[\(i)].timeOnDemandRetired")
            let deprecated = context.day(m.timeDeprecated, "\(path)[\(i)].timeDeprecated")
            out.append(ListingObservation(capability: name, processing: .regional, stage: .ga, retires: retires, deprecated: deprecated))
        }
        return out
    }

    static let vertexPrefix = "publishers/openai/models/"

    /// OpenAI's publisher models: `gpt-oss-120b-maas@001` → `gpt-oss-120b`.
    static func vertex(_ models: [ListingDocuments.VertexModel], _ context: inout ListingReader.Context) -> [ListingObservation] {
        var out: [ListingObservation] = []
        for m in models {
            guard let full = m.name, full.hasPrefix(vertexPrefix) else { continue }
            var id = String(full.dropFirst(vertexPrefix.count))
            if let at = id.firstIndex(of: "@") { id = String(id[..<at]) }
            let name = id.hasSuffix("-maas") ? String(id.dropLast("-maas".count)) : id
            guard !name.isEmpty else { continue }
            out.append(
                ListingObservation(
                    capability: name,
                    processing: context.region == "global" ? .global : .regional,
                    stage: m.launchStage?.uppercased() == "GA" ? .ga : .preview,
                    model: "openai/\(id)"
                )
            )
        }
        return out
    }
}
