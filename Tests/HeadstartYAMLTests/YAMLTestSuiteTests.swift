import Foundation
import HeadstartYAML
import Testing

/// Runs the composer over every case of the YAML test suite kept beside the project in
/// `../shared/yaml-test-suite` (yaml/yaml-test-suite, MIT). The data is read in place, never copied.
@Suite struct YAMLTestSuiteTests {
    /// Known libyaml 0.2.5 deviations, found by running libyaml's own event parser over the
    /// suite and comparing with each case's `test.event`; keyed by case id, valued by case name.
    /// Cases where libyaml accepts input the suite marks as an error.
    static let libyamlAcceptsInvalid: [String: String] = [
        "9C9N": "Wrong indented flow sequence",
        "9HCY": "Need document footer before directives",
        "9JBA": "Invalid comment after end of flow sequence",
        "CVW2": "Invalid comment after comma",
        "DK95/01": "Tabs that look like indentation",
        "EB22": "Missing document-end marker before directive",
        "G5U8": "Plain dashes in flow sequence",
        "MUS6/00": "Directive variants",
        "MUS6/01": "Directive variants",
        "QB6E": "Wrong indented multiline quoted scalar",
        "RHX7": "YAML directive without document end marker",
        "S98Z": "Block scalar with more spaces than first content line",
        "SU5Z": "Comment without whitespace after doublequoted scalar",
        "X4QW": "Comment without whitespace after block scalar indicator",
        "Y79Y/003": "Tabs in various contexts",
        "YJV2": "Dash in flow sequence",
    ]

    /// Cases where libyaml 0.2.5 refuses valid input, or reads it into other events than the suite's.
    static let libyamlRejectsValid: [String: String] = [
        "2JQS": "Block Mapping with Missing Keys",
        "2LFX": "Spec Example 6.13. Reserved Directives [1.3]",
        "2SXE": "Anchors With Colon in Name",
        "4ABK": "Flow Mapping Separate Values",
        "4MUZ/00": "Flow mapping colon on line after key",
        "4MUZ/01": "Flow mapping colon on line after key",
        "4MUZ/02": "Flow mapping colon on line after key",
        "58MP": "Flow mapping edge cases",
        "5MUD": "Colon and adjacent value on next line",
        "5T43": "Colon at the beginning of adjacent flow scalar",
        "6BCT": "Spec Example 6.3. Separation Spaces",
        "6CA3": "Tab indented top flow",
        "6LVF": "Spec Example 6.13. Reserved Directives",
        "6M2F": "Aliases in Explicit Block Mapping",
        "7Z25": "Bare document after document end marker",
        "8XYN": "Anchor with unicode character",
        "96NN/00": "Leading tab content in literals",
        "96NN/01": "Leading tab content in literals",
        "9SA2": "Multiline double quoted flow mapping key",
        "A2M4": "Spec Example 6.2. Indentation Indicators",
        "BEC7": "Spec Example 6.14. “YAML” directive",
        "CFD4": "Empty implicit key in single pair flow sequences",
        "DBG4": "Spec Example 7.10. Plain Characters",
        "DK3J": "Zero indented block scalar with line that looks like a comment",
        "DK95/00": "Tabs that look like indentation",
        "DK95/03": "Tabs that look like indentation",
        "DK95/04": "Tabs that look like indentation",
        "FP8R": "Zero indented block scalar",
        "FRK4": "Spec Example 7.3. Completely Empty Flow Nodes",
        "HM87/00": "Scalars in flow start with syntax char",
        "HWV9": "Document-end marker",
        "K3WX": "Colon and adjacent value after comment on next line",
        "M2N8/00": "Question mark edge cases",
        "M7A3": "Spec Example 9.3. Bare Documents",
        "MUS6/05": "Directive variants",
        "MUS6/06": "Directive variants",
        "NHX8": "Empty Lines at End of Document",
        "NJ66": "Multiline plain flow mapping key",
        "NKF9": "Empty keys in block and flow mapping",
        "Q5MG": "Tab at beginning of line followed by a flow mapping",
        "QT73": "Comment and document-end marker",
        "R4YG": "Spec Example 8.2. Block Indentation Indicator",
        "S3PD": "Spec Example 8.18. Implicit Block Mapping Entries",
        "SM9W/01": "Single character streams",
        "UKK6/00": "Syntax character edge cases",
        "UT92": "Spec Example 9.4. Explicit Documents",
        "VJP3/01": "Flow collections over many lines",
        "W4TN": "Spec Example 9.5. Directives Documents",
        "W5VH": "Allowed characters in alias",
        "Y79Y/001": "Tabs in various contexts",
        "Y79Y/010": "Tabs in various contexts",
        "652Z": "Question mark at start of flow key (reads plain `?foo` as `foo`)",
        "HM87/01": "Scalars in flow start with syntax char (reads `[?x]` as a flow mapping)",
        "JEF9/02": "Trailing whitespace in streams (drops a trailing line break of a literal scalar)",
        "L24T/01": "Trailing line of spaces (drops a trailing line break of a literal scalar)",
        "Y2GN": "Anchor with colon in the middle (ends an anchor name at a colon)",
    ]

    struct Case: CustomStringConvertible {
        var id: String
        var folder: URL
        var description: String { id }
    }

    static var suiteFolder: URL {
        if let env = ProcessInfo.processInfo.environment["HEADSTART_YAML_TEST_SUITE"] {
            return URL(fileURLWithPath: env)
        }
        // Tests/HeadstartYAMLTests/ThisFile.swift -> project root -> ../shared/yaml-test-suite
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/yaml-test-suite")
    }

    static func cases() -> [Case] {
        let fm = FileManager.default
        guard let top = try? fm.contentsOfDirectory(atPath: suiteFolder.path) else { return [] }
        var out: [Case] = []
        for name in top.sorted() {
            let folder = suiteFolder.appendingPathComponent(name)
            if fm.fileExists(atPath: folder.appendingPathComponent("in.yaml").path) {
                out.append(Case(id: name, folder: folder))
            } else if let subs = try? fm.contentsOfDirectory(atPath: folder.path) {
                for sub in subs.sorted() where fm.fileExists(atPath: folder.appendingPathComponent("\(sub)/in.yaml").path) {
                    out.append(Case(id: "\(name)/\(sub)", folder: folder.appendingPathComponent(sub)))
                }
            }
        }
        return out
    }

    enum Outcome {
        case pass, knownDeviation
        case fail(String)
        case notApplicable
    }

    static func run(_ c: Case) -> Outcome {
        let fm = FileManager.default
        guard let input = fm.contents(atPath: c.folder.appendingPathComponent("in.yaml").path) else {
            return .fail("in.yaml unreadable")
        }
        let composer = YAMLComposer(tagPolicy: .any)
        let result = Result { () throws(YAMLError) -> [YAMLNode] in try composer.documents([UInt8](input)) }
        if fm.fileExists(atPath: c.folder.appendingPathComponent("error").path) {
            switch result {
            case .failure: return .pass
            case .success:
                return libyamlAcceptsInvalid[c.id] != nil ? .knownDeviation : .fail("accepted input the suite marks as an error")
            }
        }
        guard let expectedData = fm.contents(atPath: c.folder.appendingPathComponent("in.json").path) else {
            return .notApplicable
        }
        let docs: [YAMLNode]
        switch result {
        case .failure(let error):
            return libyamlRejectsValid[c.id] != nil ? .knownDeviation : .fail("refused valid input: \(error)")
        case .success(let d): docs = d
        }
        guard let expected = try? JSONValue.stream(expectedData) else { return .fail("in.json unreadable") }
        let got = docs.map { JSONValue(node: $0) }
        if got.count == expected.count, zip(got, expected).allSatisfy({ $0 == $1 }) { return .pass }
        if libyamlRejectsValid[c.id] != nil { return .knownDeviation }
        return .fail("expected \(expected), got \(got.map { $0?.description ?? "<no JSON form>" })")
    }

    @Test func suiteIsPresent() {
        #expect(Self.cases().count > 300, "the YAML test suite should be at \(Self.suiteFolder.path)")
    }

    @Test func everyCaseMatchesOrIsAKnownLibyamlDeviation() {
        var counts = (json: 0, error: 0, deviations: 0, failures: 0, other: 0)
        for c in Self.cases() {
            let isError = FileManager.default.fileExists(atPath: c.folder.appendingPathComponent("error").path)
            switch Self.run(c) {
            case .pass: if isError { counts.error += 1 } else { counts.json += 1 }
            case .knownDeviation: counts.deviations += 1
            case .notApplicable: counts.other += 1
            case .fail(let why):
                counts.failures += 1
                Issue.record("\(c.id): \(why)")
            }
        }
        print(
            "YAML test suite: \(counts.json) in.json cases equal, \(counts.error) error cases refused, \(counts.deviations) known libyaml deviations, \(counts.failures) failures, \(counts.other) cases with neither in.json nor error"
        )
    }
}
