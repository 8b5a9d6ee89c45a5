import HeadstartAPI
import HeadstartEngine

/// A Terraform JSON document (`*.tf.json`) with one `azurerm_cognitive_deployment` per Azure
/// deployment the current placements use, and the variables it needs declared beside them: the
/// cognitive account of each region and each deployment's capacity. Keys sorted, so the same
/// placements give the same bytes.
public struct TerraformDeployments: Sendable {
    public let placements: ExportPlacements

    public init(_ placements: ExportPlacements) {
        self.placements = placements
    }

    struct Document: Encodable {
        var comment: [String]
        var variable: [String: Variable]
        var resource: [String: [String: Deployment]]

        enum CodingKeys: String, CodingKey {
            // Terraform reads "//" as a comment in JSON syntax.
            case comment = "//"
            case variable, resource
        }
    }

    struct Variable: Encodable {
        var type: String
        var description: String
        var `default`: Int?
    }

    struct Deployment: Encodable {
        var name: String
        var cognitive_account_id: String
        var model: Model
        var sku: SKU

        struct Model: Encodable {
            var format = "OpenAI"
            var name: String
            var version: String?
        }

        struct SKU: Encodable {
            var name: String
            var capacity: String
        }
    }

    /// Azure's deployment type for a processing kind.
    static func sku(_ processing: Processing) -> String {
        switch processing {
        case .global: return "GlobalStandard"
        case .zone: return "DataZoneStandard"
        case .regional: return "Standard"
        }
    }

    /// A Terraform identifier: letters, digits and underscores.
    static func identifier(_ parts: String...) -> String {
        parts.joined(separator: "_").lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? String($0) : "_" }.joined()
    }

    /// The document's bytes.
    public func json() throws -> [UInt8] {
        var variables: [String: Variable] = [:]
        var deployments: [String: Deployment] = [:]
        var workloads: [String: [String]] = [:]
        for (plan, p, run) in placements.placements where p.cloud == "azure" {
            let name = LiteLLMConfig.azureDeployment(model: run.model, processing: run.processing)
            let resource = Self.identifier(name, p.region)
            let account = Self.identifier("cognitive_account_id", p.region)
            let capacity = Self.identifier("capacity", name, p.region)
            variables[account] = Variable(type: "string", description: "The id of the Azure OpenAI (cognitive services) account in \(p.region).")
            variables[capacity] = Variable(
                type: "number",
                description: "Capacity of \(name) in \(p.region), in thousands of tokens per minute.",
                default: 10
            )
            deployments[resource] = Deployment(
                name: name,
                cognitive_account_id: "${var.\(account)}",
                model: .init(name: run.model, version: run.modelVersion),
                sku: .init(name: Self.sku(run.processing), capacity: "${var.\(capacity)}")
            )
            workloads[resource, default: []].append("\(plan)/\(p.workload)")
        }
        let comment =
            [
                "Written by `headstart export terraform`: regenerate it, do not edit it.",
                "plans: \(placements.plans.joined(separator: ", ")); as of \(placements.asOf.map(\.description).joined(separator: ", ")); catalog \(placements.catalogVersion)",
                "valid until: \(placements.validUntil.map(\.description) ?? "no change before the horizon")",
            ]
            + workloads.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.sorted().joined(separator: ", "))" }
        return try JSONValueEncoder.pretty(
            Document(
                comment: comment,
                variable: variables,
                resource: deployments.isEmpty ? [:] : ["azurerm_cognitive_deployment": deployments]
            )
        )
    }
}
