import HeadstartYAML
import Testing

@Suite struct YAMLComposerTests {
    @Test(arguments: [
        ("~", YAMLScalarValue.null), ("null", .null), ("", .null), ("true", .bool(true)), ("False", .bool(false)),
        ("yes", .string("yes")), ("no", .string("no")), ("42", .int(42)), ("-7", .int(-7)), ("0x1F", .int(31)), ("0o17", .int(15)),
        ("1.5", .float(1.5)), ("1e3", .float(1000)), (".inf", .float(.infinity)), ("2026-11-26", .string("2026-11-26")),
        ("1_000", .string("1_000")), ("0b101", .string("0b101")),
    ])
    func plainScalarsResolveByTheCoreSchema(text: String, value: YAMLScalarValue) {
        #expect(YAMLScalarValue.resolvePlain(text) == value)
    }

    @Test func quotedAndTaggedScalarsFollowTheirStyleAndTag() throws {
        let root = try #require(try YAMLComposer().singleDocument("a: '42'\nb: !!str true\nc: !!int \"7\"\nd: ! 12\ne: 12\n"))
        let values = try #require(root.mappingPairs).map { $0.value.resolvedScalar }
        #expect(values == [.string("42"), .string("true"), .int(7), .string("12"), .int(12)])
    }

    @Test func marksAreOneBasedLinesAndColumns() throws {
        let root = try #require(try YAMLComposer().singleDocument("top:\n  - a\n  - { k: v }\n"))
        let list = try #require(root.mappingPairs?.first?.value)
        #expect(list.mark == YAMLMark(line: 2, column: 3))
        #expect(list.sequenceItems?.map(\.mark) == [YAMLMark(line: 2, column: 5), YAMLMark(line: 3, column: 5)])
    }

    @Test func aliasesCopyTheAnchoredNodeWithTheirOwnMark() throws {
        let root = try #require(try YAMLComposer().singleDocument("a: &x [1, 2]\nb: *x\n"))
        let pairs = try #require(root.mappingPairs)
        #expect(pairs[1].value.sequenceItems?.count == 2)
        #expect(pairs[1].value.mark == YAMLMark(line: 2, column: 4))
    }

    @Test func streamsHoldZeroOrMoreDocuments() throws {
        #expect(try YAMLComposer().documents(Array("".utf8)).isEmpty)
        #expect(try YAMLComposer().documents(Array("# only a comment\n".utf8)).isEmpty)
        #expect(try YAMLComposer().documents(Array("a\n---\nb\n---\nc\n".utf8)).count == 3)
        #expect(throws: YAMLError.self) { try YAMLComposer().singleDocument("a\n---\nb\n") }
    }

    @Test func errorsCarryStableCodes() {
        func code(_ text: String, _ composer: YAMLComposer = YAMLComposer()) -> YAMLError.Code? {
            do {
                _ = try composer.documents(Array(text.utf8))
                return nil
            } catch { return error.code }
        }
        #expect(code("a: [") == .syntax)
        #expect(code("a: !!int abc") == .invalidTaggedValue)
        #expect(code("a: !!map [1]") == .invalidTaggedValue)
        #expect(code("a: !custom x") == .unsupportedTag)
        #expect(code("a: !custom x", YAMLComposer(tagPolicy: .any)) == nil)
        #expect(code("a: *nowhere") == .undefinedAlias)
        #expect(code("\u{FEFF}a: \u{0}") == .syntax)
        #expect(code(String(repeating: "[", count: 10), YAMLComposer(limits: YAMLLimits(maxDepth: 5))) == .tooDeep)
    }

    @Test func invalidUTF8IsASyntaxError() {
        var bytes = Array("a: ".utf8)
        bytes.append(contentsOf: [0xC3, 0x28])
        #expect(throws: YAMLError.self) { try YAMLComposer().documents(bytes) }
    }
}
