import Benchmark
import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartYAML

// In-process figures behind figures 1, 2 and 4: each stage of `headstart plan` on the
// generated 20,000-workload plan, so a regression shows in the stage that caused it.
// The inputs are written by `make bench` (headstart-gen) into HEADSTART_BENCH_DIR.

struct Inputs {
    var catalog: Catalog
    var planBytes: [UInt8]
    var plan: WorkloadPlan
    var result: Recommendations

    static func load() -> Inputs? {
        guard let folder = ProcessInfo.processInfo.environment["HEADSTART_BENCH_DIR"],
            let catalogBytes = FileManager.default.contents(atPath: folder + "/catalog.yaml"),
            let planBytes = FileManager.default.contents(atPath: folder + "/plan.yaml")
        else {
            print("HEADSTART_BENCH_DIR must name a folder with catalog.yaml and plan.yaml (make bench writes them)")
            return nil
        }
        do {
            let catalog = try CatalogDecoder().decode(Array(catalogBytes), file: "catalog.yaml")
            let plan = try PlanDecoder(catalog: catalog, limits: .default).decode(Array(planBytes), file: "plan.yaml")
            let result = Planner(catalog: catalog).plan(plan, asOf: Day(ordinal: 20_783))
            return Inputs(catalog: catalog, planBytes: Array(planBytes), plan: plan, result: result)
        } catch {
            print("the benchmark inputs do not decode: \(error)")
            return nil
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    guard let inputs = Inputs.load() else { return }
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10),
        maxIterations: 20
    )
    let asOf = Day(ordinal: 20_783)

    Benchmark("YAML events to node tree (1.6 MB)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try YAMLComposer(limits: .default).documents(inputs.planBytes))
        }
    }
    Benchmark("Decode plan (20,000 workloads)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try PlanDecoder(catalog: inputs.catalog, limits: .default).decode(inputs.planBytes, file: "plan.yaml"))
        }
    }
    Benchmark("Plan (20,000 workloads)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Planner(catalog: inputs.catalog).plan(inputs.plan, asOf: asOf))
        }
    }
    Benchmark("Summary output") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try JSONOutput.recommendations([inputs.result], explain: false, asArray: false, summaryOnly: true))
        }
    }
    Benchmark("Full JSON output") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try JSONOutput.recommendations([inputs.result], explain: false, asArray: false))
        }
    }
}
