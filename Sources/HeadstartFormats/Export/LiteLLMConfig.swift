import HeadstartEngine

/// A LiteLLM proxy `config.yaml` for the current placements: one `model_list` entry per
/// (capability, cloud, region, model, deployment type) in use, tagged with the workloads placed
/// there, and tag filtering on, so a request carrying a workload's tag reaches that workload's
/// placement. Secrets appear only as `os.environ/NAME` references. Deterministic: the same
/// placements give the same bytes.
public struct LiteLLMConfig: Sendable {
    public let placements: ExportPlacements

    public init(_ placements: ExportPlacements) {
        self.placements = placements
    }

    /// One `model_list` entry.
    struct Entry {
        var capability: String
        var cloud: String
        var region: String
        var model: String
        var processing: Processing
        var workloads: [ExportPlacements.Placed] = []
    }

    /// The file's text.
    public var text: String {
        let (entries, unreachable) = self.entries
        let shared = sharedWorkloadNames
        var out = header(unreachable: unreachable)
        out += "model_list:\n"
        for entry in entries {
            out += "  - model_name: \(Self.quoted(entry.capability))\n"
            out += "    litellm_params:\n"
            for (key, value) in Self.parameters(entry) { out += "      \(key): \(Self.quoted(value))\n" }
            out += "      tags: [\(entry.workloads.map { Self.quoted(Self.tag(for: $0, shared: shared)) }.joined(separator: ", "))]\n"
            out += "    model_info:\n"
            out += "      headstart_plans: [\(Array(Set(entry.workloads.map { $0.plan })).sorted().map(Self.quoted).joined(separator: ", "))]\n"
            out += "      headstart_cloud: \(Self.quoted(entry.cloud))\n"
            out += "      headstart_region: \(Self.quoted(entry.region))\n"
            out += "      headstart_serves: \(Self.quoted(entry.workloads.first?.run.served ?? entry.capability))\n"
            out += "      headstart_processing: \(Self.quoted(entry.processing.rawValue))\n"
            let until = entry.workloads.compactMap { $0.run.until }.min()
            out += "      headstart_until: \(until.map { Self.quoted($0.description) } ?? "null")\n"
            let flags = Set(entry.workloads.flatMap { $0.run.flags }).sorted()
            out += "      headstart_flags: [\(flags.map { Self.quoted($0.rawValue) }.joined(separator: ", "))]\n"
        }
        out += "router_settings:\n  enable_tag_filtering: true\n"
        return out
    }

    /// The entries, in capability, cloud, region and model order, and the placements on clouds
    /// LiteLLM has no provider for.
    var entries: (entries: [Entry], unreachable: [ExportPlacements.Placed]) {
        var byKey: [String: Entry] = [:]
        var unreachable: [ExportPlacements.Placed] = []
        for placed in placements.placements {
            let (p, run) = (placed.placement, placed.run)
            guard Self.providers[p.cloud] != nil else {
                unreachable.append(placed)
                continue
            }
            let key = [p.capability, p.cloud, p.region, run.model, run.processing.rawValue].joined(separator: "\u{1F}")
            byKey[key, default: Entry(capability: p.capability, cloud: p.cloud, region: p.region, model: run.model, processing: run.processing)]
                .workloads.append(placed)
        }
        let sorted = byKey.sorted { $0.key < $1.key }.map { entry in
            var e = entry.value
            e.workloads.sort { ($0.plan, $0.placement.workload) < ($1.plan, $1.placement.workload) }
            return e
        }
        return (sorted, unreachable)
    }

    /// Workload names that more than one exported plan has, found once for the whole file.
    var sharedWorkloadNames: Set<String> {
        var plans: [String: Set<String>] = [:]
        for p in placements.placements { plans[p.placement.workload, default: []].insert(p.plan) }
        for u in placements.unplaced { plans[u.need.workload, default: []].insert(u.plan) }
        return Set(plans.filter { $0.value.count > 1 }.keys)
    }

    /// A workload's tag: its name, or `plan/name` when another exported plan has a workload of that name.
    static func tag(for p: ExportPlacements.Placed, shared: Set<String>) -> String {
        shared.contains(p.placement.workload) ? "\(p.plan)/\(p.placement.workload)" : p.placement.workload
    }

    /// LiteLLM's provider prefix per cloud.
    static let providers = ["azure": "azure", "aws": "bedrock", "gcp": "vertex_ai", "oci": "oci", "openai": "openai"]

    /// The deployment name of an Azure placement, shared with the Terraform export.
    static func azureDeployment(model: String, processing: Processing) -> String {
        "\(model)-\(processing.rawValue)"
    }

    /// An environment variable's name for a cloud and region: `AZURE_SWEDENCENTRAL_API_KEY`.
    static func variable(_ parts: String...) -> String {
        parts.joined(separator: "_").uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    /// `litellm_params` besides `tags`, in a fixed order.
    static func parameters(_ e: Entry) -> [(String, String)] {
        switch e.cloud {
        case "azure":
            return [
                ("model", "azure/\(azureDeployment(model: e.model, processing: e.processing))"),
                ("api_base", "os.environ/\(variable("azure", e.region, "api_base"))"),
                ("api_key", "os.environ/\(variable("azure", e.region, "api_key"))"),
            ]
        case "aws":
            return [("model", "bedrock/\(e.model)"), ("aws_region_name", e.region)]
        case "gcp":
            return [("model", "vertex_ai/\(e.model)"), ("vertex_location", e.region), ("vertex_project", "os.environ/VERTEXAI_PROJECT")]
        case "oci":
            return [
                ("model", "oci/\(e.model)"), ("oci_region", e.region), ("oci_user", "os.environ/OCI_USER"),
                ("oci_fingerprint", "os.environ/OCI_FINGERPRINT"), ("oci_tenancy", "os.environ/OCI_TENANCY"),
                ("oci_key_file", "os.environ/OCI_KEY_FILE"), ("oci_compartment_id", "os.environ/OCI_COMPARTMENT_ID"),
            ]
        default:
            // OpenAI's regional data residency has its own endpoint per region.
            var out = [("model", "openai/\(e.model)"), ("api_key", "os.environ/OPENAI_API_KEY")]
            if e.processing == .regional { out.insert(("api_base", "os.environ/\(variable("openai", e.region, "api_base"))"), at: 1) }
            return out
        }
    }

    private func header(unreachable: [ExportPlacements.Placed]) -> String {
        let p = placements
        var out = "# LiteLLM proxy configuration written by `headstart export litellm`: regenerate it, do not edit it.\n"
        out += "# plans: \(p.plans.map(Self.comment).joined(separator: ", "))\n"
        out += "# as of: \(p.asOf.map(\.description).joined(separator: ", "))\n"
        out += "# catalog: \(Self.comment(p.catalogVersion))\n"
        out +=
            "# valid until: \(p.validUntil.map { "\($0) (the earliest next re-plan day: regenerate by then)" } ?? "no change before the horizon")\n"
        out += "# secrets: only os.environ/ references; set AZURE_<REGION>_API_BASE and _API_KEY, OPENAI_API_KEY,\n"
        out += "# OPENAI_<REGION>_API_BASE, VERTEXAI_PROJECT, AWS and OCI credentials in the proxy's environment.\n"
        for (plan, u, _) in unreachable {
            out +=
                "# left out (LiteLLM has no provider for \(Self.comment(u.cloud))): \(Self.comment(plan))/\(Self.comment(u.workload)) \(Self.comment(u.capability))\n"
        }
        for (plan, u) in p.unplaced {
            let when = u.starts.map { ", from \($0)" } ?? ""
            out +=
                "# not placed today (\(u.status.rawValue)\(when)): \(Self.comment(plan))/\(Self.comment(u.workload)) \(Self.comment(u.capability))\n"
        }
        return out
    }

    /// A YAML double-quoted scalar: JSON's escapes are YAML's.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// Text for a comment line: nothing that could end the comment or the line.
    static func comment(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x2028 || $0.value == 0x2029 ? " " : $0 }
            )
        )
    }
}
