import Foundation
import TestSupport
import Testing

/// `GET /metrics` of a daemon process of its own, read by prometheus_client's parser: the
/// registry is that process's alone, so every count is exact.
@Suite struct LiveMetricsTests {
    typealias Families = [String: (type: String, samples: [(name: String, labels: [String: String], value: Double)])]

    static func parse(_ text: Data) throws -> Families {
        let script = try #require(Bundle.module.url(forResource: "prometheus_check", withExtension: "py"))
        let run = try PythonScript.run(script, input: text)
        try #require(run.status == 0, "prometheus_client could not parse /metrics (.ci/run installs it): \(run.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: run.output) as? [String: [String: Any]])
        var families: Families = [:]
        for (name, family) in object {
            let samples = (family["samples"] as? [[Any]] ?? []).map { s in
                (name: s[0] as? String ?? "", labels: s[1] as? [String: String] ?? [:], value: (s[2] as? NSNumber)?.doubleValue ?? .nan)
            }
            families[name] = (family["type"] as? String ?? "", samples)
        }
        return families
    }

    static func value(_ f: Families, _ family: String, sample: String? = nil, _ labels: [String: String] = [:]) -> Double? {
        f[family]?.samples.first { s in s.name == (sample ?? family) && labels.allSatisfy { k, v in s.labels[k] == v } }?.value
    }

    @Test func metricsParseAndFollowTheDaemon() throws {
        let daemon = try LiveDaemon(extra: ["--log-level", "warning"])
        try #require(daemon.waitUntilReady(), Comment(rawValue: daemon.logText))
        let bank = try Data(contentsOf: CLI.root.appendingPathComponent("Plans/examples/eu-bank.yaml"))
        #expect(RawHTTP.request(daemon.socket, "PUT", "/v1/plans/rheinbank-ai", body: bank).status == 201)
        #expect(RawHTTP.request(daemon.socket, "POST", "/v1/replan").status == 200)
        #expect(RawHTTP.request(daemon.socket, "GET", "/v1/plans/nope").status == 404)
        let page = RawHTTP.request(daemon.socket, "GET", "/metrics")
        #expect(page.status == 200)
        let f = try Self.parse(page.body)

        #expect(Self.value(f, "headstart_plans") == 1)
        #expect(Self.value(f, "headstart_plans_stale") == 0)
        #expect(Self.value(f, "headstart_catalog_info", ["version": "2026-12-01"]) == 1)
        #expect(Self.value(f, "headstart_watchers") == 0)
        // The bank plan's six needs, by status, as its summary counts them.
        let statuses = ["placed", "waiting", "late", "unplaceable"].compactMap { Self.value(f, "headstart_recommendations", ["status": $0]) }
        #expect(statuses.count == 4)
        #expect(statuses.reduce(0, +) == 6)
        // gpt-realtime has no EU offer; o4-mini's fine-tuning has retired everywhere it could run.
        #expect(Self.value(f, "headstart_recommendations", ["status": "unplaceable"]) == 2)
        // As of today (2026-11-27), kyc-document-review leaves gpt-4.1 on 2027-03-15 (30 lead days) and
        // archive-search on 2027-04-14: neither within 90 days.
        #expect(Self.value(f, "headstart_placements_retiring", ["within_days": "30"]) == 0)
        #expect(Self.value(f, "headstart_placements_retiring", ["within_days": "90"]) == 0)
        // This process's registry alone: exact counts.
        #expect(
            Self.value(f, "hb_requests", sample: "hb_requests_total", ["http_route": "/v1/plans/{name}", "http_response_status_code": "201"]) == 1
        )
        #expect(Self.value(f, "hb_requests", sample: "hb_requests_total", ["http_response_status_code": "404"]) == 1)
        #expect(Self.value(f, "headstart_replans", sample: "headstart_replans_total", ["reason": "requested"]) == 1)
        #expect(f["http_server_request_duration"]?.type == "histogram")
        // Each answered request is timed once, and is active only while it is being answered:
        // the scrape itself is the one GET in flight.
        #expect(
            Self.value(
                f,
                "http_server_request_duration",
                sample: "http_server_request_duration_count",
                ["http_route": "/v1/plans/{name}", "http_request_method": "PUT", "http_response_status_code": "201"]
            ) == 1
        )
        #expect(Self.value(f, "http_server_active_requests", ["http_request_method": "PUT"]) == 0)
        #expect(Self.value(f, "http_server_active_requests", ["http_request_method": "POST"]) == 0)
        #expect(Self.value(f, "http_server_active_requests", ["http_request_method": "GET"]) == 1)
        #expect(f["headstart_replan_duration_seconds"]?.type == "histogram")
        #expect(Self.value(f, "headstart_errors", sample: "headstart_errors_total") == nil, "no failure was counted")
        #expect(daemon.stop() == 0)
    }
}
