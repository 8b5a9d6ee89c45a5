import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// The shared worked cases (`../shared/conformance`): every key an expected file has must be
/// in our `--explain` JSON with the same value, arrays in order. Free-text keys the expected
/// files leave out (`why`, `detail`, `source`) are not compared.
@Suite struct ConformanceTests {
    static var folder: URL {
        if let env = ProcessInfo.processInfo.environment["HEADSTART_CONFORMANCE"] { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance")
    }

    /// (plan file, as-of day) from `cases.txt` in `folder`.
    static func cases(in folder: URL = folder) -> [String] {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("cases.txt"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    @Test func casesArePresent() {
        #expect(Self.cases().count >= 5, "conformance cases should be at \(Self.folder.path)")
    }

    @Test(arguments: cases())
    func matchesExpectedOutput(line: String) throws {
        try Self.check(line, in: Self.folder)
    }

    /// Plans one case with the folder's catalog and compares it with its expected file.
    static func check(_ line: String, in folder: URL) throws {
        let parts = line.split(separator: " ").map(String.init)
        try #require(parts.count == 2)
        let (planFile, asOf) = (parts[0], try #require(Day(iso: parts[1])))
        func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }
        let catalog = try CatalogDecoder().decode(try bytes("catalog.yaml"), file: "catalog.yaml")
        let plan = try PlanDecoder(catalog: catalog).decode(try bytes(planFile), file: planFile)
        let output = try JSONOutput.recommendations([Planner(catalog: catalog).plan(plan, asOf: asOf)], explain: true, asArray: false)
        let expectedName = "expected/\(planFile.replacingOccurrences(of: ".yaml", with: ""))@\(parts[1]).json"
        let expected = try JSONSerialization.jsonObject(with: Data(try bytes(expectedName)))
        let got = try JSONSerialization.jsonObject(with: output)
        var differences: [String] = []
        compare(expected, got, path: "$", into: &differences)
        #expect(differences.isEmpty, Comment(rawValue: "\(expectedName):\n" + differences.prefix(20).joined(separator: "\n")))
    }

    /// Records where `got` lacks or differs from something `expected` has.
    static func compare(_ expected: Any, _ got: Any, path: String, into differences: inout [String]) {
        switch (expected, got) {
        case (let e as [String: Any], let g as [String: Any]):
            for (key, value) in e {
                guard let other = g[key] else {
                    differences.append("\(path).\(key): missing")
                    continue
                }
                compare(value, other, path: "\(path).\(key)", into: &differences)
            }
        case (let e as [Any], let g as [Any]):
            guard e.count == g.count else {
                differences.append("\(path): \(e.count) items expected, \(g.count) found")
                return
            }
            for (i, pair) in zip(e, g).enumerated() { compare(pair.0, pair.1, path: "\(path)[\(i)]", into: &differences) }
        case (is NSNull, is NSNull):
            break
        default:
            if let e = expected as? NSObject, let g = got as? NSObject, e.isEqual(g), type(of: expected) == type(of: got) { return }
            differences.append("\(path): expected \(expected), found \(got)")
        }
    }
}

/// The lifecycle cases (`../shared/conformance/lifecycle-2`, which replaced `lifecycle/` with the
/// rules of 2026-12-01): retirement, deprecation, deployments and successors, compared the same way.
@Suite struct LifecycleConformanceTests {
    static var folder: URL { ConformanceTests.folder.appendingPathComponent("lifecycle-2") }

    @Test func casesArePresent() {
        #expect(ConformanceTests.cases(in: Self.folder).count >= 5, "lifecycle cases should be at \(Self.folder.path)")
    }

    @Test(arguments: ConformanceTests.cases(in: folder))
    func matchesExpectedOutput(line: String) throws {
        try ConformanceTests.check(line, in: Self.folder)
    }
}

/// The measured head start's cases (`../shared/conformance/lags`): plans under
/// `estimates: measured`, and `lags.json`, what `headstart catalog lags --format json` prints.
@Suite struct LagsConformanceTests {
    static var folder: URL { ConformanceTests.folder.appendingPathComponent("lags") }

    @Test func casesArePresent() {
        #expect(ConformanceTests.cases(in: Self.folder).count >= 3, "lags cases should be at \(Self.folder.path)")
    }

    @Test(arguments: ConformanceTests.cases(in: folder))
    func matchesExpectedOutput(line: String) throws {
        try ConformanceTests.check(line, in: Self.folder)
    }

    @Test func headStartMatchesLagsJSON() throws {
        let catalog = try CatalogDecoder().decode(
            Array(try Data(contentsOf: Self.folder.appendingPathComponent("catalog.yaml"))),
            file: "catalog.yaml"
        )
        let got = try JSONSerialization.jsonObject(with: try JSONOutput.encode(HeadStartBody(HeadStart(catalog: catalog), catalog: catalog)))
        let expected = try JSONSerialization.jsonObject(with: try Data(contentsOf: Self.folder.appendingPathComponent("expected/lags.json")))
        var differences: [String] = []
        ConformanceTests.compare(expected, got, path: "$", into: &differences)
        #expect(differences.isEmpty, Comment(rawValue: differences.prefix(20).joined(separator: "\n")))
    }
}
