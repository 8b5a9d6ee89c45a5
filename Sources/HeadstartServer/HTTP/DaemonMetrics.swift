import Foundation
import HeadstartEngine
import HeadstartStore
import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// `GET /metrics`: the Prometheus text format. Requests (by route, method and status) and their
/// latency come from Hummingbird's `MetricsMiddleware`, re-plans from the plan service, both
/// through swift-metrics; the state gauges (plans, recommendations by status, watchers, the
/// catalog in force) are read when scraped, so they are never stale.
public enum DaemonMetrics {
    /// Where every metric of the process lands.
    public static var registry: PrometheusCollectorRegistry { PrometheusMetricsFactory.defaultRegistry }

    private static let bootstrapped: Bool = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: PrometheusMetricsFactory.defaultRegistry))
        return true
    }()

    /// Makes swift-metrics report to ``registry``; only the first call in a process does anything.
    public static func bootstrap() {
        _ = bootstrapped
    }

    /// The catalog version the info gauge shows, to retire the old series when it changes.
    private static let catalogInfo = Mutex<(version: String, gauge: CoreMetrics.Gauge)?>(nil)

    /// The metrics page, with the state gauges read from `service` first.
    static func scrape(_ service: PlanService) async throws(Problem) -> [UInt8] {
        let state = try await service.metricsState()
        CoreMetrics.Gauge(label: "headstart_plans").record(state.plans)
        for status in PlacementStatus.allCases {
            CoreMetrics.Gauge(label: "headstart_recommendations", dimensions: [("status", status.rawValue)]).record(state.byStatus[status.rawValue] ?? 0)
        }
        CoreMetrics.Gauge(label: "headstart_watchers").record(state.watchers)
        catalogInfo.withLock { info in
            guard info?.version != state.catalogVersion else { return }
            info?.gauge.destroy()
            let gauge = CoreMetrics.Gauge(label: "headstart_catalog_info", dimensions: [("version", state.catalogVersion)])
            gauge.record(1)
            info = (state.catalogVersion, gauge)
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension PlanService {
    struct MetricsState: Sendable {
        var plans: Int
        var byStatus: [String: Int]
        var watchers: Int
        var catalogVersion: String
    }

    /// Counts over every plan: the metrics page is the daemon's, not one caller's.
    func metricsState() async throws(Problem) -> MetricsState {
        let (plans, summaries) = try await read { tx in (try tx.plans().count, try tx.allRecommendationMetadata().map(\.summary)) }
        var byStatus: [String: Int] = [:]
        for summary in summaries {
            let counts = (try? JSONSerialization.jsonObject(with: summary)) as? [String: Int] ?? [:]
            for (status, n) in counts { byStatus[status, default: 0] += n }
        }
        return MetricsState(plans: plans, byStatus: byStatus, watchers: await hub.watcherCount, catalogVersion: catalog.version)
    }
}
