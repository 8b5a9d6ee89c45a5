import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartYAML

/// One fuzz input through every layer that reads untrusted YAML: the composer (with any tag and
/// with core tags only), the catalog decoder, and the plan decoder against the built-in catalog.
/// Everything must end in a value or an error; anything else is a crash for libFuzzer to report.
enum FuzzTarget {
    static let catalog: Catalog? = try? CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
    static let limits = YAMLLimits(maxInputBytes: 1 << 20, maxDepth: 32, maxNodes: 100_000, maxAliases: 1_000, maxScalarBytes: 64 << 10)

    static func run(_ bytes: [UInt8]) {
        _ = try? YAMLComposer(limits: limits, tagPolicy: .any).documents(bytes)
        _ = try? CatalogDecoder(limits: limits).decode(bytes, file: "fuzz")
        if let catalog {
            if let plan = try? PlanDecoder(catalog: catalog, limits: limits).decode(bytes, file: "fuzz") {
                // A plan that decodes must also plan and encode.
                let result = Planner(catalog: catalog).plan(plan, asOf: Day(ordinal: 20_783))
                _ = try? JSONOutput.recommendations([result], explain: true, asArray: false)
                _ = TableRenderer(explain: true).render(result)
            }
        }
    }
}

/// The C entry point libFuzzer calls with each input.
let fuzzOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    guard let data else { return 0 }
    FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
/// libFuzzer's driver, linked from the toolchain's runtime by `-sanitize=fuzzer`. Calling it from
/// our own `main` (rather than linking libFuzzer's) keeps SwiftPM's executable linking intact.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@main
struct Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
    }
}
#else
/// Without libFuzzer: replays files (a corpus, crash reproducers) through the same target.
@main
struct Replay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            let url = URL(fileURLWithPath: path)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files =
                isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).map { url.appendingPathComponent($0) } : [url]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                _ = data.withUnsafeBytes { fuzzOneInput($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
                count += 1
            }
        }
        print("replayed \(count) inputs")
    }
}
#endif
