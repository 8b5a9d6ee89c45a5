import CoreMetrics
import Foundation
import HeadstartEngine
import HeadstartStore
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

    /// Counts the offer facts that listings changed in the catalog in force.
    static func listingChanged(_ offers: Int) {
        CoreMetrics.Counter(label: "headstart_listing_changes_total").increment(by: offers)
    }

    /// The (cloud, region) series of `headstart_listing_age_days` shown last, to retire those gone.
    private static let listingAges = Mutex<[String: CoreMetrics.Gauge]>([:])

    /// The catalog version the info gauge shows, to retire the old series when it changes.
    private static let catalogInfo = Mutex<(version: String, gauge: CoreMetrics.Gauge)?>(nil)

    /// The metrics page, with the state gauges set from `state` first.
    static func scrape(_ state: MetricsState) -> [UInt8] {
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
        _ = CoreMetrics.Counter(label: "headstart_listing_changes_total")  // shown from 0, not from the first change
        listingAges.withLock { gauges in
            var shown: [String: CoreMetrics.Gauge] = [:]
            for (place, age) in state.listingAges {
                let key = "\(place.cloud) \(place.region)"
                let gauge =
                    gauges[key]
                    ?? CoreMetrics.Gauge(
                        label: "headstart_listing_age_days",
                        dimensions: [("cloud", place.cloud), ("region", place.region)]
                    )
                gauge.record(age)
                shown[key] = gauge
            }
            for (key, gauge) in gauges where shown[key] == nil { gauge.destroy() }
            gauges = shown
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

/// What the metrics page shows of the daemon's state, read at each scrape.
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
    /// Per (cloud, region) with a kept listing, the age in days of its stalest listing (of
    /// several names, the one that stopped arriving is the one to hear about).
    var listingAges: [(place: (cloud: String, region: String), age: Int)]
}
