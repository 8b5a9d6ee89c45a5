import Foundation
import HeadstartEngine
import HeadstartFormats
import Testing

/// Whatever YAML arrives, the decoders answer with a value or located diagnostics; a crash
/// would take the test process down with it.
@Suite struct RobustnessTests {
    static var suiteFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/yaml-test-suite")
    }

    @Test func everyYAMLTestSuiteInputDecodesOrIsDiagnosed() throws {
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.suiteFolder.path))
        var inputs = 0
        var diagnosed = 0
        for case let path as String in enumerator where path.hasSuffix("in.yaml") {
            let bytes = Array(try Data(contentsOf: Self.suiteFolder.appendingPathComponent(path)))
            inputs += 1
            for decodeAsPlan in [true, false] {
                do {
                    if decodeAsPlan {
                        _ = try PlanDecoder(catalog: catalog).decode(bytes, file: path)
                    } else {
                        _ = try CatalogDecoder().decode(bytes, file: path)
                    }
                } catch {
                    diagnosed += 1
                    #expect(!error.diagnostics.isEmpty)
                    #expect(error.diagnostics.allSatisfy { $0.line >= 1 && $0.column >= 1 && !$0.message.isEmpty })
                }
            }
        }
        #expect(inputs > 300)
        // None of the suite's inputs is a Headstart document.
        #expect(diagnosed == inputs * 2)
    }

    @Test func truncatedPlansAreDiagnosedAtEveryLength() throws {
        let catalog = try CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Plans/examples/eu-bank.yaml")
        let full = Array(try Data(contentsOf: url))
        var accepted = 0
        for length in stride(from: 0, through: full.count, by: 7) {
            do {
                _ = try PlanDecoder(catalog: catalog).decode(Array(full[..<length]), file: "cut.yaml")
                accepted += 1
            } catch {
                #expect(!error.diagnostics.isEmpty)
            }
        }
        // Some cuts fall between workloads and leave a valid, shorter plan; most do not.
        #expect(accepted < full.count / 7)
    }
}
