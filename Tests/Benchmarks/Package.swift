// swift-tools-version: 6.1
// In-process benchmarks (package-benchmark), kept out of the main package so that `swift test`
// does not build the benchmark tooling. Run from the repository root with `make bench`, or
// here with `swift package benchmark`.
import Foundation
import PackageDescription

// The main package is two folders up; SwiftPM names a path dependency after its folder.
let root = Context.packageDirectory + "/../.."
let headstart = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "HeadstartBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: root),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Planning",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HeadstartEngine", package: headstart),
                .product(name: "HeadstartFormats", package: headstart),
                .product(name: "HeadstartYAML", package: headstart),
            ],
            path: "Benchmarks/Planning",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
