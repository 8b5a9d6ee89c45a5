import HeadstartEngine

/// Bedrock's foundation models (in-region, on demand) and inference profiles (cross-region).
enum BedrockRules {
    /// `openai.gpt-oss-120b-1:0` → `gpt-oss-120b`, `openai.gpt-6-sol` → `gpt-6-sol`; nil for another provider's id.
    static func capability(fromModelID id: String) -> String? {
        guard id.lowercased().hasPrefix("openai.") else { return nil }
        var name = Substring(id.dropFirst("openai.".count))
        if let colon = name.lastIndex(of: ":"), name[name.index(after: colon)...].allSatisfy(\.isNumber) {
            name = name[..<colon]
            if let dash = name.lastIndex(of: "-"), case let tail = name[name.index(after: dash)...], !tail.isEmpty, tail.allSatisfy(\.isNumber) {
                name = name[..<dash]
            }
        }
        return name.isEmpty ? nil : String(name)
    }

    /// The region an ARN names (`arn:aws:bedrock:REGION::...`), empty for a regionless one.
    static func region(ofARN arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 3 ? String(parts[3]) : nil
    }

    static func models(_ summaries: [ListingDocuments.BedrockModel], _ context: inout ListingReader.Context) -> [ListingObservation] {
        var out: [ListingObservation] = []
        for (i, m) in summaries.enumerated() {
            guard m.providerName?.lowercased() == "openai", let id = m.modelId, let name = capability(fromModelID: id) else { continue }
            let at = "modelSummaries[\(i)]"
            if let arn = m.modelArn, let region = region(ofARN: arn), !region.isEmpty, region != context.region {
                context.problem("\(at).modelArn", "names region \(region), not the listing's \(context.region)")
                continue
            }
            guard m.inferenceTypesSupported?.contains("ON_DEMAND") == true else { continue }
            let lifecycle = m.modelLifecycle
            let legacy = context.day(lifecycle?.legacyTime, "\(at).modelLifecycle.legacyTime")
            let end = context.day(lifecycle?.endOfLifeTime, "\(at).modelLifecycle.endOfLifeTime")
            let byState = legacy == nil && lifecycle?.status?.uppercased() == "LEGACY"
            var observation = ListingObservation(
                capability: name,
                processing: .regional,
                stage: .ga,
                retires: end,
                deprecated: legacy ?? (byState ? context.observedOn : nil),
                model: id
            )
            observation.deprecatedByState = byState
            out.append(observation)
        }
        return out
    }

    static func profiles(_ summaries: [ListingDocuments.BedrockProfile], _ context: inout ListingReader.Context) -> [ListingObservation] {
        var out: [ListingObservation] = []
        for p in summaries {
            guard p.status?.uppercased() == "ACTIVE", let id = p.inferenceProfileId else { continue }
            let modelIDs = (p.models ?? []).compactMap { $0.modelArn?.split(separator: "/").last.map(String.init) }
            guard let name = modelIDs.lazy.compactMap(capability(fromModelID:)).first else { continue }
            out.append(ListingObservation(capability: name, processing: id.hasPrefix("global.") ? .global : .zone, stage: .ga, model: id))
        }
        return out
    }
}
