import HeadstartEngine
import HeadstartFormats
import HeadstartYAML
import Testing

/// Inputs built to exhaust a parser are refused by the limits, not by running out of memory.
@Suite struct HostileInputTests {
    static func errors(_ text: String, limits: YAMLLimits = .default) throws -> [Diagnostic] {
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
        do {
            _ = try PlanDecoder(catalog: catalog, limits: limits).decode(Array(text.utf8), file: "hostile.yaml")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func billionLaughsIsRefusedByTheExpandedNodeCount() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1..<30 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let found = try Self.errors(text)
        #expect(found.map(\.code.rawValue) == ["yaml-too-many-nodes"])
        // Ten times ten aliases of eleven nodes each pass 2,000,000 nodes on line 7.
        #expect(found.first?.line == 7)
    }

    @Test func aliasFloodsAreRefusedByTheAliasCount() throws {
        let text = "a: &a x\nb: [" + Array(repeating: "*a", count: 20_000).joined(separator: ",") + "]\n"
        #expect(try Self.errors(text).map(\.code.rawValue) == ["yaml-too-many-aliases"])
    }

    @Test(arguments: [true, false])
    func deepNestingIsRefusedAtTheLimit(flow: Bool) throws {
        let text =
            flow
            ? String(repeating: "[", count: 200_000)
            : (0..<100).map { String(repeating: "  ", count: $0) + "- " }.joined(separator: "\n") + "x\n"
        let found = try Self.errors(text)
        #expect(found.map(\.code.rawValue) == ["yaml-too-deep"])
        if flow { #expect(found.first.map { "\($0.line):\($0.column)" } == "1:65") }
    }

    @Test func hugeInputsAreRefusedBeforeParsing() throws {
        let limits = YAMLLimits(maxInputBytes: 1 << 20)
        let text = "owner: " + String(repeating: "x", count: 2 << 20)
        #expect(try Self.errors(text, limits: limits).map(\.code.rawValue) == ["yaml-input-too-large"])
        let long = "apiVersion: headstart/v1\nowner: " + String(repeating: "y", count: 4096) + "\n"
        #expect(try Self.errors(long, limits: YAMLLimits(maxScalarBytes: 1024)).map(\.code.rawValue) == ["yaml-scalar-too-long"])
        let wide = "k: [" + Array(repeating: "1", count: 5_000).joined(separator: ",") + "]"
        #expect(try Self.errors(wide, limits: YAMLLimits(maxNodes: 1_000)).map(\.code.rawValue) == ["yaml-too-many-nodes"])
    }

    @Test func recursiveAliasesAreUndefined() throws {
        #expect(try Self.errors("a: &x [1, *x]\n").map(\.code.rawValue) == ["yaml-undefined-alias"])
    }

    @Test func escapedNulKeepsTheWholeString() throws {
        let text = """
            apiVersion: headstart/v1
            kind: WorkloadPlan
            name: nul
            owner: "team\\0after"
            horizon: 2028-12-31
            workloads:
              - { name: a, needs: [codex] }
            """
        // The YAML layer keeps the whole string (scalars are built from pointer and length)...
        let owner = try YAMLComposer().singleDocument(Array(text.utf8))?.value(forKey: "owner")?.scalarText
        #expect(owner.map { Array($0.utf8) } == Array("team".utf8) + [0] + Array("after".utf8))
        // ...and the plan decoder refuses it, located, as it refuses every control character in a one-line field.
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
        #expect(throws: DocumentError.self) { try PlanDecoder(catalog: catalog).decode(Array(text.utf8), file: "nul.yaml") }
        do {
            _ = try PlanDecoder(catalog: catalog).decode(Array(text.utf8), file: "nul.yaml")
        } catch {
            #expect(
                error.diagnostics.map(\.description) == [
                    "nul.yaml:4:8: error: owner must be one line of text without control characters, found 'team\\x00after'"
                ]
            )
        }
    }
}

/// Every code of the YAML layer is a diagnostic code of its own, with the same spelling: none
/// falls back to `yaml-syntax`.
@Suite struct YAMLDiagnosticCodeTests {
    @Test(arguments: [
        YAMLError.Code.syntax, .inputTooLarge, .tooDeep, .tooManyNodes, .tooManyAliases, .scalarTooLong, .undefinedAlias,
        .unsupportedTag, .invalidTaggedValue, .multipleDocuments,
    ])
    func eachYAMLCodeHasItsOwn(_ code: YAMLError.Code) {
        #expect(DiagnosticCode(code).rawValue == code.rawValue)
    }
}
