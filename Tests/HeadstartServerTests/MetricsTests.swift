import Foundation
import HeadstartServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// `GET /metrics`, read by prometheus_client's own parser. The registry is the process's, shared
/// with other tests, so request and re-plan counts are compared before and after, not absolutely.
@Suite struct MetricsTests {
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

    @Test func metricsParseAndFollowTheDaemon() async throws {
        let f = try ServerFixture()
        let bank = try ServerFixture.fixture("eu-bank.yaml")
        try await f.test { client async throws -> Void in
            let before = try Self.parse(try await client.execute(uri: "/metrics", method: .get).data)
            let requestsBefore = Self.value(before, "hb_requests", sample: "hb_requests_total", ["http_route": "/v1/plans/{name}", "http_response_status_code": "201"]) ?? 0
            let replansBefore = Self.value(before, "headstart_replans", sample: "headstart_replans_total", ["reason": "requested"]) ?? 0

            #expect(try await client.execute(uri: "/v1/plans/rheinbank-ai", method: .put, body: ByteBuffer(data: bank)).status == .created)
            #expect(try await client.execute(uri: "/v1/replan", method: .post).status == .ok)
            #expect(try await client.execute(uri: "/v1/plans/nope", method: .get).status == .notFound)
            let page = try await client.execute(uri: "/metrics", method: .get)
            #expect(page.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let after = try Self.parse(page.data)

            #expect(Self.value(after, "headstart_plans") == 1)
            #expect(Self.value(after, "headstart_catalog_info", ["version": "2026-11-20"]) == 1)
            #expect(Self.value(after, "headstart_watchers") == 0)
            // The bank plan's six needs, by status, as its summary counts them.
            let statuses = ["placed", "waiting", "late", "unplaceable"].compactMap { Self.value(after, "headstart_recommendations", ["status": $0]) }
            #expect(statuses.count == 4)
            #expect(statuses.reduce(0, +) == 6)
            #expect(Self.value(after, "headstart_recommendations", ["status": "unplaceable"]) == 1)

            let requestsAfter = Self.value(after, "hb_requests", sample: "hb_requests_total", ["http_route": "/v1/plans/{name}", "http_response_status_code": "201"])
            // Other suites run in parallel on the same registry: at least ours counted.
            #expect(requestsAfter ?? 0 >= requestsBefore + 1)
            #expect(Self.value(after, "hb_requests", sample: "hb_requests_total", ["http_response_status_code": "404"]) ?? 0 >= 1)
            #expect(after["http_server_request_duration"]?.type == "histogram")
            #expect(Self.value(after, "headstart_replans", sample: "headstart_replans_total", ["reason": "requested"]) ?? 0 >= replansBefore + 1)
            #expect(after["headstart_replan_duration_seconds"]?.type == "histogram")
        }
    }
}
