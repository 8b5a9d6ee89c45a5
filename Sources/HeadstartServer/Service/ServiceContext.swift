import Foundation
import HeadstartAPI
import HeadstartStore
import Logging
import Synchronization

/// What every part of the plan service shares: the store, the event hub, the clock, the rules
/// and the catalog in force. Each change is one store transaction whose events are published
/// only after commit, so a watcher never sees what a crash could take back.
struct ServiceContext: Sendable {
    let store: any PlanStore
    let hub: EventHub
    let logger: Logger
    let clock: DaemonClock
    let policy: AccessPolicy
    let limits: DaemonLimits
    /// Recommendation documents as last read from the store.
    let cache: DocumentCache
    let catalog: CatalogState
    /// Connections and watchers per uid.
    let ledger: ConnectionLedger
    /// Who hears about stored and removed plans (the scheduler).
    let changes: ChangeFeed
    /// Set when the store is shared with other daemons: the revisions this daemon published
    /// itself, so the fan-out of other daemons' commits does not publish them twice.
    let localCommits: LocalCommits?
    /// Whether this daemon runs the scheduled re-plans.
    let leadership: Leadership
    /// The `--plans` folder's files that were not stored, for `list` and `/healthz`.
    let skippedFiles = SkippedFiles()

    /// A store transaction; the document cache is emptied after it, whatever it did.
    func write<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreWriter) async throws -> T) async throws(ServiceError) -> T {
        defer { cache.invalidateAll() }
        do {
            return try await store.write(body)
        } catch {
            throw ServiceError(error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any PlanStoreReader) async throws -> T) async throws(ServiceError) -> T {
        do {
            return try await store.read(body)
        } catch {
            throw ServiceError(error)
        }
    }

    /// Publishes committed events to the watchers.
    func publish(_ events: [CommittedEvent]) async {
        guard !events.isEmpty else { return }
        localCommits?.insert(events.map(\.revision))
        await hub.publish(events)
    }

    /// Whether the store is shared with other daemons.
    var isShared: Bool { localCommits != nil }
}

/// Revisions this daemon committed and published itself.
final class LocalCommits: Sendable {
    private let revisions = Mutex<Set<Int64>>([])

    func insert(_ published: [Int64]) {
        revisions.withLock { $0.formUnion(published) }
    }

    /// Whether `revision` was published here; forgets it and every older one, which the fan-out
    /// has passed.
    func take(_ revision: Int64) -> Bool {
        revisions.withLock { set in
            let found = set.remove(revision) != nil
            if set.contains(where: { $0 < revision }) { set = set.filter { $0 > revision } }
            return found
        }
    }
}

/// What the scheduler hears about: a plan stored or re-planned, or removed.
public enum PlanChange: Sendable {
    case changed(String)
    case removed(String)
}

/// Delivers plan changes to one observer.
final class ChangeFeed: Sendable {
    private let observer = Mutex<AsyncStream<PlanChange>.Continuation?>(nil)

    func observe(_ continuation: AsyncStream<PlanChange>.Continuation) {
        observer.withLock { $0 = continuation }
    }

    func notify(_ change: PlanChange) {
        _ = observer.withLock { $0?.yield(change) }
    }
}

/// The `--plans` folder's files that could not be stored, by path, as of each one's last look:
/// shown to administrators by `list` and `/healthz`, not only in the daemon's log.
final class SkippedFiles: Sendable {
    private let files = Mutex<[String: [String]]>([:])

    func skipped(_ file: String, errors: [String]) { files.withLock { $0[file] = errors } }
    func stored(_ file: String) { _ = files.withLock { $0.removeValue(forKey: file) } }
    /// Forgets files no longer in the folder.
    func keep(only present: Set<String>) { files.withLock { $0 = $0.filter { present.contains($0.key) } } }

    /// By file name; nil when there are none, so the field is left out.
    var listing: [SkippedPlanFile]? {
        let all = files.withLock { $0 }
        return all.isEmpty ? nil : all.keys.sorted().map { SkippedPlanFile(file: $0, errors: all[$0] ?? []) }
    }
}
