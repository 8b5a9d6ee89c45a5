import HeadstartEngine

/// Seeded random workload plans as YAML text, mostly valid, some with one near-miss (a wrong
/// type, an unknown name, a duplicate, a bad date), in block and flow style with plain and
/// quoted scalars: input for comparing the event and tree decoding paths.
struct RandomPlanText {
    private var state: UInt64
    private let capabilities: [String]
    private let clouds: [String]
    private let regions: [String]
    private let geos: [String]

    init(catalog: Catalog, seed: UInt64) {
        state = seed
        capabilities = catalog.capabilities.map(\.name)
        clouds = catalog.clouds.map(\.name)
        regions = catalog.clouds.flatMap { $0.regions.map(\.name) }
        geos = Array(Set(catalog.clouds.flatMap { $0.regions.map(\.geo) })).sorted()
    }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True one time in `n`.
    private mutating func oneIn(_ n: Int) -> Bool { int(1...n) == 1 }

    private mutating func pick(_ values: [String]) -> String { values[int(0...values.count - 1)] }

    /// A string value, plain or quoted.
    private mutating func scalar(_ text: String) -> String {
        switch int(0...5) {
        case 0: return "'\(text)'"
        case 1: return "\"\(text)\""
        default: return text
        }
    }

    /// A list in flow or block style at `indent`.
    private mutating func list(_ items: [String], indent: String) -> String {
        if items.isEmpty || oneIn(2) { return " [" + items.joined(separator: ", ") + "]" }
        return items.map { "\n\(indent)- \($0)" }.joined()
    }

    private mutating func names(_ from: [String], max: Int) -> [String] {
        var out: [String] = []
        for _ in 0..<int(1...max) {
            let name = pick(from)
            if !out.contains(name) || oneIn(40) { out.append(name) }
        }
        return out.map { scalar($0) }
    }

    private mutating func date() -> String {
        if oneIn(40) { return pick(["2028-13-01", "2028-02-30", "20280101", "42", "''"]) }
        return scalar("20\(int(26...33))-\(String(format2: int(1...12)))-\(String(format2: int(1...28)))")
    }

    private mutating func days(_ max: Int) -> String {
        if oneIn(30) { return pick(["-1", "'30'", "\(max + 1)", "3.5", "true"]) }
        return "\(int(0...max))"
    }

    /// One preference key and its value.
    private mutating func preference(indent: String) -> (String, String) {
        switch int(0...9) {
        case 0: return ("clouds", list(oneIn(30) ? ["ibm"] : names(clouds, max: 3), indent: indent))
        case 1: return ("regions", list(oneIn(30) ? ["mars-1"] : names(regions, max: 4), indent: indent))
        case 2: return ("residency", list(oneIn(30) ? [] : names(geos, max: 2), indent: indent))
        case 3: return ("stage", " " + (oneIn(30) ? "beta" : scalar(pick(["preview", "ga"]))))
        case 4: return ("acceptDelayDays", " " + days(36_500))
        case 5: return ("settleDays", " " + days(36_500))
        case 6: return ("beyondLicense", " " + (oneIn(30) ? "maybe" : scalar(pick(["flag", "avoid"]))))
        case 7: return ("minDwellDays", " " + days(3650))
        case 8: return ("retirementLeadDays", " " + days(36_500))
        default: return ("followSuccessor", " " + (oneIn(30) ? pick(["yes", "'true'", "~"]) : pick(["true", "false", "True"])))
        }
    }

    private mutating func workload(_ index: Int) -> String {
        var fields: [(String, String)] = []
        let name = oneIn(60) ? "w0" : oneIn(80) ? ".w\(index)" : "w\(index)"
        if !oneIn(80) { fields.append(("name", " " + scalar(name))) }
        if !oneIn(80) { fields.append(("needs", list(oneIn(40) ? ["gpt-9"] : names(capabilities, max: 3), indent: "      "))) }
        if oneIn(3) { fields.append(("neededBy", " " + date())) }
        for _ in 0..<(oneIn(2) ? int(1...4) : 0) {
            let (key, value) = preference(indent: "      ")
            if !fields.contains(where: { $0.0 == key }) || oneIn(30) { fields.append((key, value)) }
        }
        if oneIn(80) { fields.append((pick(["preferences", "need", "Name"]), " x")) }
        if oneIn(3), fields.allSatisfy({ !$0.1.contains("\n") }) {
            return "\n  - {" + fields.map { "\($0.0):\($0.1)" }.joined(separator: ", ") + "}"
        }
        return "\n  - " + fields.map { "\($0.0):\($0.1)" }.joined(separator: "\n    ")
    }

    /// One plan document.
    mutating func plan() -> String {
        var fields: [(String, String)] = [
            ("apiVersion", " " + (oneIn(60) ? "headstart/v2" : scalar("headstart/v1"))),
            ("kind", " " + (oneIn(60) ? "Catalog" : scalar("WorkloadPlan"))),
            ("name", " " + (oneIn(60) ? "-p" : oneIn(60) ? "''" : scalar("plan-\(int(0...99))"))),
            ("horizon", " " + date()),
        ]
        if oneIn(2) { fields.append(("owner", " " + (oneIn(40) ? pick(["42", "\"a\\u0007b\"", "null"]) : scalar("team-\(int(0...9))")))) }
        if oneIn(4) { fields.append(("timeZone", " " + (oneIn(20) ? "Mars/Base" : scalar(pick(["Europe/Berlin", "UTC", "Asia/Tokyo"]))))) }
        if oneIn(4) { fields.append(("schedule", " " + (oneIn(20) ? "'61 * * * *'" : scalar(pick(["0 6 * * 1", "*/15 * * * *", "0 0 1 * *"]))))) }
        if oneIn(2) {
            var prefs: [String] = []
            for _ in 0..<int(0...4) {
                let (key, value) = preference(indent: "    ")
                prefs.append("\n  \(key):\(value)")
            }
            fields.append(("preferences", prefs.isEmpty ? " {}" : prefs.joined()))
        }
        let count = oneIn(60) ? 0 : int(1...8)
        fields.append(("workloads", count == 0 ? " []" : (0..<count).map { workload($0) }.joined()))
        if oneIn(60) { fields.append(("horizon", " 2030-01-01")) }
        if oneIn(60) { fields.append((pick(["owners", "workload"]), " x")) }
        if oneIn(60) { fields.removeFirst(int(0...3)) }
        // Keys in any order.
        for i in stride(from: fields.count - 1, to: 0, by: -1) { fields.swapAt(i, int(0...i)) }
        var text = oneIn(5) ? "# a comment\n---\n" : ""
        text += fields.map { "\($0.0):\($0.1)" }.joined(separator: "\n") + "\n"
        if oneIn(10) { text += "...\n" }
        if oneIn(60) { text += "---\nname: second\n" }
        return text
    }
}

extension String {
    fileprivate init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
