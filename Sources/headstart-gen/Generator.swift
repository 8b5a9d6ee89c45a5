import Foundation

/// Deterministic, seeded catalogs and plans of any size, for the benchmarks.
///
///     headstart-gen catalog [--capabilities 120] [--clouds 5] [--regions 24] [--seed 1]
///     headstart-gen plan [--workloads 20000] [--capabilities 120] [--clouds 5] [--regions 24] [--seed 1] [--override-heavy]
///
/// `--override-heavy` makes every fifth workload override its clouds and every seventh its
/// residency, with random choices: many distinct preference sets for the planner to resolve.
///
/// Region and capability names depend only on the counts, so a plan fits the catalog generated
/// with the same counts.
@main
struct PlanGenerator {
    /// SplitMix64.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    static let cloudNames = ["azure", "aws", "gcp", "oci", "openai", "cloud6", "cloud7", "cloud8"]
    static let geos = ["us", "eu", "jp", "in", "ca"]

    static func option(_ name: String, _ fallback: Int) -> Int {
        let args = CommandLine.arguments
        guard let i = args.firstIndex(of: "--\(name)"), i + 1 < args.count, let v = Int(args[i + 1]) else { return fallback }
        return v
    }

    static func region(_ cloud: Int, _ r: Int) -> String { "\(cloudNames[cloud])-r\(r)" }
    static func geo(_ r: Int) -> String { geos[r % geos.count] }
    static func capability(_ c: Int) -> String { "cap-\(c)" }
    static func day(_ offset: Int) -> String {
        let base = 20_454  // 2026-01-01
        let date = Date(timeIntervalSince1970: TimeInterval(base + offset) * 86_400)
        return date.formatted(.iso8601.year().month().day())
    }

    static func main() {
        let kind = CommandLine.arguments.dropFirst().first ?? "plan"
        let capabilities = option("capabilities", 120)
        let clouds = min(option("clouds", 5), cloudNames.count)
        let regions = option("regions", 24)
        let seed = option("seed", 1)
        var rng = Seeded(state: UInt64(seed))
        var out = ""
        if kind == "catalog" {
            out += "apiVersion: headstart/v1\nkind: Catalog\nversion: \"generated-\(seed)\"\n"
            out += "terms: { firstAccessCloud: azure, firstAccessWindowDays: 14, licenseThrough: 2032-12-31 }\nclouds:\n"
            for c in 0..<clouds {
                out += "  \(cloudNames[c]):\n"
                for r in 0..<regions { out += "    \(region(c, r)): \(geo(r))\n" }
            }
            out += "capabilities:\n"
            for k in 0..<capabilities {
                let launch = rng.below(600)
                out += "  \(capability(k)):\n    kind: chat\n    launch: \(day(launch))\n    azureDeclined: \(rng.below(20) == 0)\n    offers:\n"
                for _ in 0..<(2 + rng.below(5)) {
                    let c = rng.below(clouds)
                    let picked = Set((0..<(1 + rng.below(4))).map { _ in rng.below(regions) }).sorted().map { region(c, $0) }
                    let date: String
                    switch rng.below(3) {
                    case 0: date = "since: \(day(launch + rng.below(200))), "
                    case 1: date = "expected: \(day(launch + 100 + rng.below(600))), "
                    default: date = ""
                    }
                    let stage = rng.below(4) == 0 ? "preview" : "ga"
                    let processing = ["regional", "zone", "global"][rng.below(3)]
                    out +=
                        "      - { cloud: \(cloudNames[c]), regions: [\(picked.joined(separator: ", "))], \(date)stage: \(stage), processing: \(processing), source: generated }\n"
                }
            }
        } else {
            let workloads = option("workloads", 20_000)
            let heavy = CommandLine.arguments.contains("--override-heavy")
            out += "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: generated-\(seed)\nowner: benchmark\nhorizon: 2031-12-31\n"
            let order = cloudNames.prefix(clouds).shuffledDeterministically(&rng).joined(separator: ", ")
            out += "preferences:\n  clouds: [" + order + "]\n"
            out += "  residency: [us, eu]\nworkloads:\n"
            for w in 0..<workloads {
                let needs = Set((0..<(1 + rng.below(5))).map { _ in capability(rng.below(capabilities)) }).sorted()
                out += "  - name: workload-\(w)\n    needs: [\(needs.joined(separator: ", "))]\n"
                if rng.below(3) == 0 { out += "    neededBy: \(day(300 + rng.below(400)))\n" }
                let choice = rng.below(8)
                if heavy, w % 5 == 0 {
                    let allowed = cloudNames.prefix(clouds).shuffledDeterministically(&rng).prefix(1 + rng.below(clouds))
                    out += "    clouds: [\(allowed.joined(separator: ", "))]\n"
                }
                if heavy, w % 7 == 0 {
                    let zones = geos.prefix(min(geos.count, regions)).shuffledDeterministically(&rng).prefix(1 + rng.below(2))
                    out += "    residency: [\(zones.joined(separator: ", "))]\n"
                } else if choice == 0 {
                    out += "    residency: [\(geo(rng.below(min(geos.count, regions))))]\n"
                }
                switch choice {
                case 0: break
                case 1: out += "    stage: preview\n"
                case 2: out += "    acceptDelayDays: \(rng.below(90))\n"
                case 3: out += "    regions: [\(region(rng.below(clouds), rng.below(regions)))]\n"
                default: break
                }
            }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

extension Collection {
    func shuffledDeterministically(_ rng: inout PlanGenerator.Seeded) -> [Element] {
        var items = Array(self)
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, rng.below(i + 1)) }
        return items
    }
}
