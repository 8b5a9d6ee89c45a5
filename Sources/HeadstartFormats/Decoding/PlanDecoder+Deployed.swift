import HeadstartEngine
import HeadstartYAML

extension PlanDecoder {
    /// A workload's `deployed:` list: where it already runs, each entry a capability it needs (or
    /// one on a need's successor chain) on a cloud's region of the catalog.
    func decodeDeployed(_ node: YAMLNode, needs: [String], _ reader: NodeReader) -> [Deployment] {
        guard let items = node.sequenceItems else {
            reader.error(DiagnosticCode.wrongType, "deployed must be a list of {capability, cloud, region}, found \(node.kindName)", at: node.mark)
            return []
        }
        let index = Catalog.Index(catalog)
        let chains = Set(needs.flatMap { index.chain(from: $0, following: true).map(\.name) })
        var out: [Deployment] = []
        for item in items {
            guard let f = reader.mapping(item, "a deployed entry", allowed: PlanKeys.deployment.names, required: PlanKeys.deployment.requiredNames),
                let capabilityNode = f["capability"], let cloudNode = f["cloud"], let regionNode = f["region"],
                let capability = reader.string(capabilityNode, "capability of a deployed entry"),
                let cloud = reader.string(cloudNode, "cloud of a deployed entry"),
                let region = reader.string(regionNode, "region of a deployed entry")
            else { continue }
            var valid = true
            if !chains.contains(capability) {
                let known = names.capabilitySet.contains(capability)
                reader.error(
                    DiagnosticCode.unknownReference,
                    known
                        ? "deployed capability '\(capability)' is neither a need of this workload nor on a need's successor chain"
                        : "deployed capability '\(capability)' is not in the catalog (\(catalog.version))\(Suggestion.hint(for: capability, in: chains.sorted()))",
                    at: capabilityNode.mark
                )
                valid = false
            }
            if let regions = catalog.clouds.first(where: { $0.name == cloud })?.regions.map(\.name) {
                if !regions.contains(region) {
                    reader.error(
                        DiagnosticCode.unknownReference,
                        "deployed region '\(region)' is not a region of cloud \(cloud) in the catalog\(Suggestion.hint(for: region, in: regions))",
                        at: regionNode.mark
                    )
                    valid = false
                }
            } else {
                reader.error(
                    DiagnosticCode.unknownReference,
                    "deployed cloud '\(cloud)' is not in the catalog\(Suggestion.hint(for: cloud, in: names.clouds))",
                    at: cloudNode.mark
                )
                valid = false
            }
            if valid { out.append(Deployment(capability: capability, cloud: cloud, region: region)) }
        }
        return out
    }
}
