import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// Every class of bad input gets located errors, several per file where there are several.
@Suite struct BadInputTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    static let catalog: Catalog? = try? CatalogDecoder().decode(DefaultCatalog.bytes, file: DefaultCatalog.fileName)

    /// The diagnostics for a plan fixture, as `LINE:COL code message`.
    static func planErrors(_ name: String) throws -> [String] {
        let catalog = try #require(Self.catalog)
        let bytes = try fixture(name)
        do {
            _ = try PlanDecoder(catalog: catalog).decode(bytes, file: name)
            return []
        } catch {
            #expect(error.diagnostics.allSatisfy { $0.file == name && $0.severity == .error })
            return error.diagnostics.map { "\($0.line):\($0.column) \($0.code) \($0.message)" }
        }
    }

    /// The diagnostics for a catalog fixture, as `LINE:COL code message`; empty when it decodes.
    static func catalogErrors(_ name: String) throws -> [String] {
        let bytes = try fixture(name)
        do {
            _ = try CatalogDecoder().decode(bytes, file: name)
            return []
        } catch {
            return error.diagnostics.map { "\($0.line):\($0.column) \($0.code) \($0.message)" }
        }
    }

    /// A tab where indentation goes is named as a tab (libyaml says only "found character that
    /// cannot start any token"); a tab inside a value is not an error.
    @Test func aTabIsNamedAsATab() throws {
        let catalog = try #require(Self.catalog)
        let text = "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: t\nhorizon: 2028-12-31\nworkloads:\n\t- { name: a, needs: [codex] }\n"
        do {
            _ = try PlanDecoder(catalog: catalog).decode(Array(text.utf8), file: "tab.yaml")
            Issue.record("a tab as indentation was accepted")
        } catch {
            let first = try #require(error.diagnostics.first)
            #expect(first.line == 6 && first.column == 1 && first.message.contains("a tab: YAML indents with spaces only"), "\(first)")
        }
        let inValue =
            "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: t\nowner: \"a\tb\"\nhorizon: 2028-12-31\nworkloads:\n  - { name: a, needs: [codex] }\n"
        #expect(throws: Never.self) { try PlanDecoder(catalog: catalog).decode(Array(inValue.utf8), file: "tab.yaml") }
    }

    /// A misspelt region is matched only among the regions the plan's residency allows.
    @Test(arguments: [
        ("preferences: { residency: [eu] }\n", "  - { name: a, needs: [codex], regions: [eu-west-1] }", false),
        ("preferences: { residency: [eu] }\n", "  - { name: a, needs: [codex], regions: [swedencentrall] }", true),
        ("", "  - { name: a, needs: [codex], residency: [eu], regions: [eu-west-1] }", false),
        ("", "  - { name: a, needs: [codex], regions: [us-west-1] }", true),
    ])
    func aRegionIsSuggestedWithinTheResidency(_ preferences: String, _ workload: String, _ suggested: Bool) throws {
        let catalog = try #require(Self.catalog)
        let text = "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: t\nhorizon: 2028-12-31\n\(preferences)workloads:\n\(workload)\n"
        do {
            _ = try PlanDecoder(catalog: catalog).decode(Array(text.utf8), file: "r.yaml")
            Issue.record("an unknown region was accepted")
        } catch {
            let message = try #require(error.diagnostics.first?.message)
            let euOnly = preferences.contains("residency") || workload.contains("residency")
            if euOnly { #expect(!message.contains("us-"), "a region outside the residency was suggested: \(message)") }
            #expect(message.contains("did you mean") == suggested, "\(message)")
            if suggested, workload.contains("swedencentrall") { #expect(message.contains("'swedencentral'")) }
        }
    }

    @Test func aGoodPlanDecodes() throws {
        #expect(try Self.planErrors("good-minimal.yaml").isEmpty)
    }

    @Test func yamlSyntaxErrorsNameTheirPosition() throws {
        #expect(
            try Self.planErrors("syntax-error.yaml") == [
                "8:9 yaml-syntax YAML: did not find expected ',' or ']' while parsing a flow sequence started at 7:12"
            ]
        )
    }

    @Test func unknownKeysSuggestTheKnownOne() throws {
        #expect(
            try Self.planErrors("unknown-keys.yaml") == [
                "1:1 missing-key the plan is missing required key 'horizon'",
                "4:1 unknown-key unknown key 'horizn' in the plan (did you mean 'horizon'?)",
                "8:5 unknown-key unknown key 'neededby' in a workload (did you mean 'neededBy'?)",
                "9:5 unknown-key unknown key 'preferences' in a workload (a workload overrides preferences with keys of its own, such as clouds: or residency:)",
            ]
        )
    }

    @Test func wrongTypesSayWhatWasFound() throws {
        #expect(
            try Self.planErrors("wrong-types.yaml") == [
                "4:10 bad-date horizon must be a date YYYY-MM-DD, found sequence",
                "6:11 wrong-type clouds must be a list, found string",
                "7:20 wrong-type acceptDelayDays must be a whole number, found string",
                "8:10 wrong-type stage must be a string, found integer",
                "11:12 wrong-type needs must be a list, found string",
                "12:11 wrong-type workload name must be a string, found integer",
            ]
        )
    }

    @Test func badDatesAreRefused() throws {
        #expect(
            try Self.planErrors("bad-dates.yaml") == [
                "4:10 bad-date horizon '2028-02-30' is not a valid date YYYY-MM-DD",
                "8:15 bad-date neededBy '12/01/2026' is not a valid date YYYY-MM-DD",
                "11:15 bad-date neededBy '2027-1-5' is not a valid date YYYY-MM-DD",
            ]
        )
    }

    @Test func namesTheCatalogLacksAreRefused() throws {
        #expect(
            try Self.planErrors("unknown-references.yaml") == [
                "6:17 unknown-reference cloud 'azur' in clouds is not in the catalog (did you mean 'azure'?)",
                "7:27 unknown-reference region 'northeurope' in regions is not in the catalog",
                "8:15 unknown-reference geo 'europe' in residency is not in the catalog",
                "11:13 unknown-reference capability 'gpt-5.6' is not in the catalog (2026-12-01) (did you mean 'gpt-5.5'?)",
            ]
        )
    }

    @Test func duplicateKeysNeedsAndWorkloadNamesAreRefused() throws {
        #expect(
            try Self.planErrors("duplicates.yaml") == [
                "4:1 duplicate-key duplicate key 'name' in the plan (first at line 3)",
                "8:22 duplicate-name 'gpt-5.5' appears twice in needs",
                "11:11 duplicate-name duplicate workload name 'a' (first at line 7)",
            ]
        )
    }

    @Test func emptyPlansAreRefused() throws {
        #expect(try Self.planErrors("empty.yaml") == ["1:1 empty-document the file is empty: expected a workload plan"])
        #expect(try Self.planErrors("no-workloads.yaml") == ["5:12 empty-document the plan has no workloads"])
    }

    @Test func schedulesZonesAndDwellAreChecked() throws {
        #expect(
            try Self.planErrors("bad-schedule.yaml") == [
                "5:14 bad-value schedule '0 25 * * *': hour field: 25 is outside 0-23",
                "6:11 bad-value timeZone 'Mars/Olympus' is not an IANA time zone (such as Europe/Berlin)",
                "10:19 bad-value minDwellDays must be between 0 and 3650, found -3",
            ]
        )
    }

    @Test func duplicatesAreFoundInLongListsToo() throws {
        let catalog = try #require(Self.catalog)
        let names = catalog.capabilities.map(\.name)
        let needs = (names + names.prefix(5)).joined(separator: ", ")
        let text = "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: long\nhorizon: 2028-12-31\nworkloads:\n  - { name: a, needs: [\(needs)] }\n"
        do {
            _ = try PlanDecoder(catalog: catalog).decode(Array(text.utf8), file: "long.yaml")
            Issue.record("accepted duplicate needs")
        } catch {
            #expect(error.diagnostics.filter { $0.code == .duplicateName }.count == 5)
        }
    }

    @Test func oneDocumentIsExpected() throws {
        #expect(try Self.planErrors("two-documents.yaml") == ["8:1 yaml-multiple-documents YAML: expected one YAML document, found 2"])
    }

    @Test func onlyCoreTagsAreAccepted() throws {
        #expect(try Self.planErrors("custom-tag.yaml") == ["4:10 yaml-unsupported-tag YAML: tag !date is not a YAML core schema tag"])
    }

    @Test func aCatalogGivenAsAPlanGetsOneError() throws {
        #expect(
            try Self.planErrors("catalog-unknown-region.yaml") == [
                "2:7 wrong-kind kind must be WorkloadPlan, found 'Catalog' (a catalog is given with --catalog)"
            ]
        )
    }

    @Test func catalogOffersMustNameKnownCloudsAndRegions() throws {
        let bytes = try Self.fixture("catalog-unknown-region.yaml")
        do {
            _ = try CatalogDecoder().decode(bytes, file: "c.yaml")
            Issue.record("the catalog was accepted")
        } catch {
            #expect(
                error.diagnostics.map { "\($0.line):\($0.column) \($0.code) \($0.message)" } == [
                    "13:50 unknown-reference region 'westeurope' is not a region of cloud azure in clouds",
                    "14:33 unknown-reference region 'eu-central-2' is not a region of cloud aws in clouds (did you mean 'eu-central-1'?)",
                    "14:55 bad-value stage must be one of preview, ga, found 'beta'",
                    "15:18 unknown-reference cloud 'gpc' of an offer of chat is not in clouds",
                ]
            )
            #expect(error.description.hasPrefix("c.yaml:13:50: error: region 'westeurope'"))
        }
    }

    @Test func theShippedCatalogAndExamplesAreValid() throws {
        let catalog = try #require(Self.catalog)
        #expect(catalog.version == "2026-12-01")
        #expect(catalog.terms.estimates == .measured)
        #expect(catalog.capabilities.count >= 10)
        // Every offer says where its fact comes from.
        #expect(catalog.capabilities.flatMap(\.offers).allSatisfy { !($0.source ?? "").isEmpty })
        // An offer rests on an assumption exactly when its source says so.
        for offer in catalog.capabilities.flatMap(\.offers) {
            #expect(offer.illustrative == (offer.source ?? "").contains("illustrative"), "\(offer.cloud) \(offer.regions): \(offer.source ?? "")")
        }
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Plans/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 3)
        for file in files {
            let plan = try PlanDecoder(catalog: catalog).decode(Array(try Data(contentsOf: examples.appendingPathComponent(file))), file: file)
            #expect(!plan.workloads.isEmpty)
        }
    }

    @Test func lifecycleFieldsAreCheckedWithTheirLines() throws {
        #expect(
            try Self.catalogErrors("catalog-lifecycle-errors.yaml") == [
                "13:102 bad-date retires '2027-02-30' is not a valid date YYYY-MM-DD",
                "14:100 bad-value retires 2026-03-01 is on or before the offer's since day 2026-03-01",
                "15:103 bad-value retires 2026-12-01 is on or before the offer's expected day 2027-01-01",
                "16:105 bad-value deprecated 2027-06-01 is after retires 2027-05-01: new deployments stop before, or when, the offer retires",
                "20:16 bad-value the successor of self is self itself",
                "25:16 unknown-reference successor 'gpt-9' of missing is not in the catalog",
                "30:16 bad-value successor cycle: loop-a -> loop-b -> loop-c -> loop-a",
            ]
        )
    }

    @Test func estimatesAndIllustrativeAreCheckedWithTheirLines() throws {
        #expect(
            try Self.catalogErrors("catalog-estimates-errors.yaml") == [
                "9:14 bad-value terms.estimates must be one of window, measured, found 'measure' (did you mean 'measured'?)",
                "10:18 bad-date terms.measuredSince 'last-april' is not a valid date YYYY-MM-DD",
                "18:107 wrong-type illustrative must be true or false, found string",
            ]
        )
    }

    @Test func deployedEntriesAreCheckedWithTheirLines() throws {
        #expect(
            try Self.planErrors("deployed-errors.yaml") == [
                "10:23 unknown-reference deployed capability 'gpt-5.5' is neither a need of this workload nor on a need's successor chain",
                "11:23 unknown-reference deployed capability 'gpt-4.2' is not in the catalog (2026-12-01) (did you mean 'gpt-4.1'?)",
                "12:39 unknown-reference deployed cloud 'azzure' is not in the catalog (did you mean 'azure'?)",
                "13:54 unknown-reference deployed region 'swedencentrl' is not a region of cloud azure in the catalog (did you mean 'swedencentral'?)",
                "14:9 missing-key a deployed entry is missing required key 'region'",
                "18:15 wrong-type deployed must be a list of {capability, cloud, region}, found mapping",
            ]
        )
    }
}
