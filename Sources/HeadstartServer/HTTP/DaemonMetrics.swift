import Foundation
import HeadstartEngine
import HeadstartStore
import CoreMetrics
import Metrics
import Prometheus
import Synchronization

/// `GET /metrics`: the Prometheus text format. Requests (by route, method and status) and their
/// latency come from ``RequestMetricsMiddleware``, re-plans from the plan service, both
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

    /// Counts a failure the daemon survived (a scheduled re-plan, the event stream, the catalog
    /// file, the store), each also logged with its cause: `headstart_errors_total{operation}`.
    static func failed(_ operation: String) {
        CoreMetrics.Counter(label: "headstart_errors_total", dimensions: [("operation", operation)]).increment()
    }

    /// Counts a connection closed at accept for being over its uid's cap.
    static func refusedConnection() {
        CoreMetrics.Counter(label: "headstart_connections_refused_total", dimensions: [("reason", "per-uid-cap")]).increment()
    }

    /// Counts looks at the `--catalog` file (polls and SIGHUPs).
    static func catalogFileChecked() {
        CoreMetrics.Counter(label: "headstart_catalog_file_checks_total").increment()
    }

    /// The catalog version the info gauge shows, to retire the old series when it changes.
    private static let catalogInfo = Mutex<(version: String, gauge: CoreMetrics.Gauge)?>(nil)

    /// The metrics page, with the state gauges read from `service` first.
    static func scrape(_ service: PlanService) async throws(ServiceError) -> [UInt8] {
        let state = try await service.metricsState()
        CoreMetrics.Gauge(label: "headstart_plans").record(state.plans)
        for (status, n) in state.byStatus {
            CoreMetrics.Gauge(label: "headstart_recommendations", dimensions: [("status", status.rawValue)]).record(n)
        }
        CoreMetrics.Gauge(label: "headstart_watchers").record(state.watchers)
        CoreMetrics.Gauge(label: "headstart_plans_stale").record(state.stale)
        for days in [30, 90] {
            CoreMetrics.Gauge(label: "headstart_placements_retiring", dimensions: [("within_days", String(days))])
                .record(state.retiring.filter { $0 <= days }.count)
        }
        CoreMetrics.Gauge(label: "headstart_connections").record(state.connections)
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
        /// Every status, counted over every plan.
        var byStatus: [PlacementStatus: Int]
        var watchers: Int
        var catalogVersion: String
        var stale: Int
        var connections: Int
        /// Days from today to each current placement's retirement end.
        var retiring: [Int]
    }

    /// Counts over every plan: the metrics page is the daemon's, not one caller's.
    func metricsState() async throws(ServiceError) -> MetricsState {
        let (plans, metadata) = try await context.read { tx in (try await tx.plans().count, try await tx.allRecommendationMetadata()) }
        // Every status, counted over every plan.
        var byStatus = Dictionary(uniqueKeysWithValues: PlacementStatus.allCases.map { ($0, 0) })
        for summary in metadata.map(\.summary) {
            for (name, n) in summary {
                if let status = PlacementStatus(rawValue: name) { byStatus[status, default: 0] += n }
            }
        }
        let today = context.clock.today
        let retiring = metadata.flatMap(\.retiring).compactMap(Day.init(iso:)).map { $0.ordinal - today.ordinal }.filter { $0 >= 0 }
        return MetricsState(plans: plans, byStatus: byStatus, watchers: await hub.watcherCount, catalogVersion: await catalog.version,
                            stale: metadata.filter { $0.stale != nil }.count, connections: ledger.connections, retiring: retiring)
    }
}
