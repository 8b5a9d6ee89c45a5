import Foundation
import HeadstartSchedule
import TestSupport
import Testing

/// Our next-fire times against Python's cronsim on generated expressions, in UTC and in a
/// zone with DST. The generator is seeded, so every run checks the same expressions.
@Suite struct CronCrossCheckTests {
    /// SplitMix64: a small deterministic generator.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func field(_ range: ClosedRange<Int>, names: [String] = [], _ rng: inout Seeded) -> String {
        func value() -> String {
            let v = Int.random(in: range, using: &rng)
            if !names.isEmpty, Int.random(in: 0..<4, using: &rng) == 0 {
                let index = range.lowerBound == 1 ? v - 1 : v % 7
                if index < names.count { return names[index] }
            }
            return String(v)
        }
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: return "*"
        case 1: return "*/\(Int.random(in: 2...max(2, range.count / 2), using: &rng))"
        case 2:
            let a = Int.random(in: range, using: &rng)
            let b = Int.random(in: a...range.upperBound, using: &rng)
            return "\(a)-\(b)"
        case 3:
            // cronsim reads a one-value stepped range `a-a/s` as `a/s` (a to the field's end),
            // unlike Vixie cron; such ranges are not generated.
            let a = Int.random(in: range.lowerBound...(range.upperBound - 1), using: &rng)
            let b = Int.random(in: (a + 1)...range.upperBound, using: &rng)
            return "\(a)-\(b)/\(Int.random(in: 1...5, using: &rng))"
        case 4: return (0..<Int.random(in: 2...4, using: &rng)).map { _ in value() }.joined(separator: ",")
        case 5: return "\(Int.random(in: range, using: &rng))/\(Int.random(in: 1...10, using: &rng))"
        default: return value()
        }
    }

    static func expressions(count: Int) -> [String] {
        var rng = Seeded(state: 20_261_126)
        var out: [String] = []
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        while out.count < count {
            let expression = [
                field(0...59, &rng), field(0...23, &rng), field(1...31, &rng), field(1...12, names: months, &rng), field(0...7, names: days, &rng),
            ].joined(separator: " ")
            // Keep what both sides accept: ours refuses expressions that never fire.
            if (try? CronSchedule(expression)) != nil { out.append(expression) }
        }
        return out
    }

    @Test func agreesWithCronsimOnGeneratedExpressions() throws {
        let script = try #require(Bundle.module.url(forResource: "cronsim_check", withExtension: "py"))
        let expressions = Self.expressions(count: 3000)
        // Starts just before the 2026 DST changes in Berlin, and one ordinary day.
        let starts = ["2026-03-28T22:17:00Z", "2026-10-24T21:43:00Z", "2026-11-26T14:05:00Z"]
        var lines = ""
        var cases = 0
        for (i, expression) in expressions.enumerated() {
            for zone in ["UTC", "Europe/Berlin"] {
                let start = starts[i % starts.count]
                let schedule = try CronSchedule(expression, timeZone: try #require(TimeZone(identifier: zone)))
                let fires = schedule.fireTimes(after: try Date(start, strategy: .iso8601), count: 5)
                    .map { $0.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
                let object: [String: Any] = ["expr": expression, "zone": zone, "start": start, "fires": fires]
                lines += String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) + "\n"
                cases += 1
            }
        }
        let run = try PythonScript.run(script, input: Data(lines.utf8))
        try #require(run.status == 0, "python3 with cronsim must be installed (.ci/run installs it): \(run.errors)")
        let data = run.output
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let compared = summary["compared"] as? Int ?? 0
        let equal = summary["equal"] as? Int ?? 0
        let dst = summary["dstInterval"] as? Int ?? 0
        let mismatches = summary["mismatchCount"] as? Int ?? -1
        print(
            "cron cross-check against cronsim: \(compared) cases (\(expressions.count) expressions x 2 zones), \(equal) equal, \(dst) differ only by the documented DST rule for interval jobs, \(mismatches) mismatches"
        )
        #expect(compared == cases)
        #expect(mismatches == 0, Comment(rawValue: "\(summary["mismatches"] ?? "")"))
        #expect(equal > cases * 9 / 10)
    }
}
