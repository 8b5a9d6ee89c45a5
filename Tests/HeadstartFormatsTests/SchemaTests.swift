import Foundation
import HeadstartEngine
import TestSupport
import Testing

@testable import HeadstartFormats

/// The JSON Schemas in `Plans/schema/` against the decoders: the same keys, the same choices, and
/// an independent validator (Python's jsonschema) agreeing with the decoder on real files.
@Suite struct SchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func schema(_ kind: Schemas.Kind) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(Schemas.bytes(kind))) as? [String: Any])
    }

    static func keys(_ object: Any?) -> Set<String> {
        Set(((object as? [String: Any])?["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
    }

    static func required(_ object: Any?) -> Set<String> {
        Set((object as? [String: Any])?["required"] as? [String] ?? [])
    }

    static func choices(_ object: Any?) -> Set<String> {
        Set((object as? [String: Any])?["enum"] as? [String] ?? [])
    }

    @Test func thePlanSchemaHasTheDecodersKeysAndChoices() throws {
        let plan = try Self.schema(.plan)
        let defs = try #require(plan["$defs"] as? [String: Any])
        let preferences = Self.keys(defs["preferenceFields"])
        #expect(Self.keys(plan) == Set(PlanKeys.plan.names))
        #expect(Self.required(plan) == Set(PlanKeys.plan.requiredNames))
        #expect(preferences == Set(PlanKeys.preferences.names))
        #expect(Self.keys(defs["workload"]).union(preferences) == Set(PlanKeys.workload.names))
        #expect(Self.required(defs["workload"]) == Set(PlanKeys.workload.requiredNames))
        let fields = try #require((defs["preferenceFields"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Self.choices(fields["stage"]) == Set(Stage.allCases.map(\.rawValue)))
        #expect(Self.choices(fields["beyondLicense"]) == Set(LicenseMode.allCases.map(\.rawValue)))
    }

    @Test func theCatalogSchemaHasTheDecodersKeysAndChoices() throws {
        let catalog = try Self.schema(.catalog)
        let properties = try #require(catalog["properties"] as? [String: Any])
        let defs = try #require(catalog["$defs"] as? [String: Any])
        #expect(Self.keys(catalog) == Set(CatalogDecoder.catalogKeys))
        #expect(Self.required(catalog) == Set(CatalogDecoder.catalogKeys))
        #expect(Self.keys(properties["terms"]) == Set(CatalogDecoder.termsKeys))
        #expect(Self.required(properties["terms"]) == Set(CatalogDecoder.termsRequired))
        let terms = try #require((properties["terms"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Self.choices(terms["estimates"]) == Set(EstimateBasis.allCases.map(\.rawValue)))
        #expect(Self.keys(defs["capability"]) == Set(CatalogDecoder.capabilityKeys))
        #expect(Self.required(defs["capability"]) == Set(CatalogDecoder.capabilityRequired))
        #expect(Self.keys(defs["offer"]) == Set(CatalogDecoder.offerKeys))
        #expect(Self.required(defs["offer"]) == Set(CatalogDecoder.offerRequired))
        let offer = try #require((defs["offer"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Self.choices(offer["stage"]) == Set(Stage.allCases.map(\.rawValue)))
        #expect(Self.choices(offer["processing"]) == Set(Processing.allCases.map(\.rawValue)))
    }

    /// Every example and good fixture passes; every bad fixture the decoder refuses for its
    /// structure (a key, a type, the kind) is refused by the schema too.
    @Test func anIndependentValidatorAgreesWithTheDecoder() throws {
        let plans = [
            "Plans/examples/eu-bank.yaml", "Plans/examples/jp-insurer.yaml", "Plans/examples/us-retailer.yaml",
            "Tests/HeadstartFormatsTests/Fixtures/good-minimal.yaml", "Tests/HeadstartEngineTests/Fixtures/contoso-plan.yaml",
        ]
        let catalogs = ["Plans/catalog.yaml", "Tests/HeadstartEngineTests/Fixtures/contoso-catalog.yaml"]
        let fixtures = try FileManager.default.contentsOfDirectory(
            atPath: Self.root.appendingPathComponent("Tests/HeadstartFormatsTests/Fixtures").path
        )
        .filter { $0.hasSuffix(".yaml") && $0 != "good-minimal.yaml" }.sorted().map { "Tests/HeadstartFormatsTests/Fixtures/" + $0 }
        func isCatalog(_ path: String) throws -> Bool {
            String(decoding: try Data(contentsOf: Self.root.appendingPathComponent(path)), as: UTF8.self).contains("kind: Catalog")
        }
        var requests: [(file: String, kind: Schemas.Kind)] = plans.map { ($0, .plan) } + catalogs.map { ($0, .catalog) }
        for fixture in fixtures { requests.append((fixture, try isCatalog(fixture) ? .catalog : .plan)) }
        let results = try Self.validate(requests)

        for file in plans + catalogs {
            #expect(results[file]?.status == "valid", "\(file): \(results[file]?.errors ?? [])")
        }
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
        let structural: Set<DiagnosticCode> = [
            DiagnosticCode.unknownKey, DiagnosticCode.missingKey, DiagnosticCode.wrongType, DiagnosticCode.wrongKind,
            DiagnosticCode.emptyDocument,
        ]
        var checked: [String] = []
        for (file, kind) in requests where fixtures.contains(file) {
            let bytes = Array(try Data(contentsOf: Self.root.appendingPathComponent(file)))
            let codes: Set<DiagnosticCode>
            do {
                if kind == .catalog {
                    _ = try CatalogDecoder().decode(bytes, file: file)
                } else {
                    _ = try PlanDecoder(catalog: catalog).decode(bytes, file: file)
                }
                codes = []
            } catch {
                codes = Set(error.diagnostics.map(\.code))
            }
            guard !codes.isDisjoint(with: structural) else { continue }
            checked.append((file as NSString).lastPathComponent)
            #expect(
                results[file]?.status == "invalid",
                "\(file): the decoder found \(codes.map(\.rawValue).sorted()), the schema \(results[file]?.status ?? "nothing")"
            )
        }
        print("schema check: \(plans.count + catalogs.count) good files valid; structurally bad fixtures refused: \(checked.joined(separator: ", "))")
        // The fixtures this check covers, so that it cannot quietly cover none.
        #expect(
            checked == [
                "catalog-estimates-errors.yaml", "deployed-errors.yaml", "empty.yaml", "no-workloads.yaml", "unknown-keys.yaml", "wrong-types.yaml",
            ]
        )
    }

    struct Result: Decodable {
        var file: String
        var status: String
        var errors: [String]
    }

    static func validate(_ requests: [(file: String, kind: Schemas.Kind)]) throws -> [String: Result] {
        let script = try #require(Bundle.module.url(forResource: "schema_check", withExtension: "py"))
        let lines =
            try requests.map { r -> String in
                let object = [
                    "schema": root.appendingPathComponent("Plans/schema/\(r.kind.rawValue).schema.json").path,
                    "file": root.appendingPathComponent(r.file).path,
                ]
                return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            }.joined(separator: "\n") + "\n"
        let run = try PythonScript.run(script, input: Data(lines.utf8))
        try #require(run.status == 0, "python3 with PyYAML and jsonschema must be installed (.ci/run installs them): \(run.errors)")
        let data = run.output
        var results: [String: Result] = [:]
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let result = try JSONDecoder().decode(Result.self, from: Data(line))
            let relative = result.file.hasPrefix(root.path + "/") ? String(result.file.dropFirst(root.path.count + 1)) : result.file
            results[relative] = result
        }
        #expect(results.count == Set(requests.map(\.file)).count)
        return results
    }
}
