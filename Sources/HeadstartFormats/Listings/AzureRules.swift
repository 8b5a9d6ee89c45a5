import Foundation
import HeadstartEngine

/// Azure "Models - List": one offer per deployment SKU that maps to a processing scope, from the
/// newest version that has the SKU and is not `Deprecated`.
enum AzureRules {
    static let skus: [(name: String, processing: Processing)] = [("GlobalStandard", .global), ("DataZoneStandard", .zone), ("Standard", .regional)]

    static func observations(_ items: [ListingDocuments.AzureItem], path: String, _ context: inout ListingReader.Context) -> [ListingObservation] {
        var names: [String] = []
        var byName: [String: [(index: Int, model: ListingDocuments.AzureModel)]] = [:]
        for (i, item) in items.enumerated() {
            guard let model = item.model, let format = model.format, format == "OpenAI" || format == "OpenAI-OSS",
                let name = model.name
            else { continue }
            if byName[name] == nil { names.append(name) }
            byName[name, default: []].append((i, model))
        }
        var out: [ListingObservation] = []
        for name in names {
            let versions = byName[name] ?? []
            for (sku, processing) in skus {
                let serving = versions.compactMap { entry -> (Int, ListingDocuments.AzureModel, Int, ListingDocuments.AzureSKU)? in
                    guard entry.model.lifecycleStatus?.caseInsensitiveCompare("Deprecated") != .orderedSame,
                        let s = entry.model.skus?.firstIndex(where: { $0.name?.caseInsensitiveCompare(sku) == .orderedSame }),
                        let found = entry.model.skus?[s]
                    else { return nil }
                    return (entry.index, entry.model, s, found)
                }
                // The newest version serving that way: versions are dates or numbers, compared as strings.
                guard let (index, model, skuIndex, found) = serving.max(by: { ($0.1.version ?? "") < ($1.1.version ?? "") }) else { continue }
                let at = "\(path)[\(index)].model"
                let skuDay = context.day(found.deprecationDate, "\(at).skus[\(skuIndex)].deprecationDate")
                let modelDay = context.day(model.deprecation?.inference, "\(at).deprecation.inference")
                // 2099 and later is Azure's "no date".
                let retires = (found.deprecationDate != nil ? skuDay : modelDay).flatMap { $0.civil.year >= 2099 ? nil : $0 }
                let status = model.lifecycleStatus ?? ""
                let deprecating = status.caseInsensitiveCompare("Deprecating") == .orderedSame
                var observation = ListingObservation(
                    capability: name,
                    processing: processing,
                    stage: status.caseInsensitiveCompare("Preview") == .orderedSame ? .preview : .ga,
                    retires: retires,
                    deprecated: deprecating ? context.observedOn : nil,
                    model: nil,
                    modelVersion: model.version,
                    successor: model.replacementConfig?.targetModelName
                )
                observation.deprecatedByState = deprecating
                out.append(observation)
            }
        }
        return out
    }
}
