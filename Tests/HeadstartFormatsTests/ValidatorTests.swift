import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// `headstart validate`'s warnings, each located, and none on files that do not deserve them.
@Suite struct ValidatorTests {
    static let asOf = Day(ordinal: 20_783)  // 2026-11-26

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    static func validator() throws -> Validator {
        Validator(catalog: try CatalogDecoder().decode(try fixture("warn-catalog.yaml"), file: "warn-catalog.yaml"), asOf: asOf)
    }

    @Test func aCatalogOfferBeforeTheFirstAccessCloudIsWarnedUnlessDeclined() throws {
        let outcome = try Self.validator().validate(try Self.fixture("warn-catalog.yaml"), file: "warn-catalog.yaml")
        #expect(outcome.kind == "Catalog")
        #expect(!outcome.hasErrors)
        #expect(outcome.diagnostics.map(\.code) == [DiagnosticCode.beforeFirstAccess])
        let warning = try #require(outcome.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect((warning.line, warning.column) == (19, 55))  // the since: date
        #expect(warning.message.contains("gpt-early on aws is dated 2026-04-20, before it reaches the first-access cloud azure (2026-05-01)"))
    }

    @Test func aPlanPastTheLicenceAndAnUnplaceableWorkloadAreWarned() throws {
        let outcome = try Self.validator().validate(try Self.fixture("warn-plan.yaml"), file: "warn-plan.yaml")
        #expect(outcome.kind == "WorkloadPlan")
        #expect(!outcome.hasErrors)
        #expect(outcome.diagnostics.map(\.code) == [DiagnosticCode.horizonPastLicense, DiagnosticCode.neverPlaced])
        #expect(outcome.diagnostics.map { "\($0.line):\($0.column)" } == ["6:10", "11:11"])
        #expect(outcome.diagnostics.last?.message.contains("workload 'us-only' can never get gpt-early") == true)
        #expect(outcome.diagnostics.last?.message.contains("residency") == true)
    }

    @Test func settingBeyondLicenseOrAShorterHorizonSilencesTheLicenceWarning() throws {
        let text = String(decoding: try Self.fixture("warn-plan.yaml"), as: UTF8.self)
        for edited in [
            text.replacingOccurrences(of: "horizon: 2033-06-30", with: "horizon: 2032-06-30"),
            text.replacingOccurrences(of: "horizon: 2033-06-30", with: "horizon: 2033-06-30\npreferences: { beyondLicense: avoid }"),
        ] {
            let outcome = try Self.validator().validate(Array(edited.utf8), file: "p.yaml")
            #expect(outcome.diagnostics.map(\.code) == [DiagnosticCode.neverPlaced])
        }
    }

    @Test func errorsComeFromTheDecoderUnchanged() throws {
        let bytes = try Self.fixture("unknown-keys.yaml")
        let outcome = try Self.validator().validate(bytes, file: "unknown-keys.yaml")
        #expect(outcome.hasErrors)
        let catalog = try CatalogDecoder().decode(try Self.fixture("warn-catalog.yaml"), file: "c")
        let error = #expect(throws: DocumentError.self) { try PlanDecoder(catalog: catalog).decode(bytes, file: "unknown-keys.yaml") }
        #expect(outcome.diagnostics == error?.diagnostics)
    }

    @Test func retirementsAndDeprecatedStartsAreWarnedWithTheSuccessorToFollow() throws {
        let folder = LifecycleOutputTests.folder
        let catalog = try CatalogDecoder().decode(Array(try Data(contentsOf: folder.appendingPathComponent("catalog.yaml"))), file: "catalog.yaml")
        let bytes = Array(try Data(contentsOf: folder.appendingPathComponent("plan-migrations.yaml")))
        let outcome = Validator(catalog: catalog, asOf: Self.asOf).validate(bytes, file: "plan-migrations.yaml")
        #expect(!outcome.hasErrors)
        let lines = outcome.diagnostics.map { "\($0.line):\($0.column) \($0.code) \($0.message)" }
        #expect(
            lines.contains(
                "11:11 retires-before-horizon workload 'legacy-chat': gpt-4o on azure swedencentral retires on 2027-04-14 and nothing takes over; set followSuccessor: true to continue on its successor gpt-5.1"
            ),
            "\(lines)"
        )
        #expect(
            lines.contains(
                "27:11 retires-before-horizon workload 'reasoning-stay': o3 on openai us retires on 2026-12-11 and nothing takes over; set followSuccessor: true to continue on its successor gpt-5.5"
            )
        )
        #expect(
            lines.contains("32:11 retires-before-horizon workload 'tuning': every usable offer of o4-mini-rft has retired (the last on 2026-10-23)")
        )
        // Only a workload that already runs there starts on a deprecated offer now: it is warned.
        #expect(lines.contains { $0.hasPrefix("11:11 deprecated-start workload 'legacy-chat': gpt-4o on azure swedencentral is deprecated there") })
        #expect(outcome.diagnostics.filter { $0.code == DiagnosticCode.deprecatedStart }.count == 1)
        // Following the successor, the same workload's service does not end: no retirement warning for it.
        #expect(!lines.contains { $0.contains("retires-before-horizon workload 'legacy-chat-follow'") })
        #expect(outcome.diagnostics.filter { $0.code == DiagnosticCode.retiresBeforeHorizon }.count == 3)
    }
}
