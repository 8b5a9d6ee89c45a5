import Dispatch
import GRDB
import Synchronization

/// Runs a store body (async, as the ``PlanStore`` protocol has it) to completion on the thread
/// of a GRDB database access, inside that access: the view's methods do their work at once, so
/// the body never really suspends, and the whole body is one transaction (or one snapshot) as
/// GRDB gives it, no longer than its own work.
enum InlineTransaction {
    static func run<View: Sendable, T: Sendable>(
        _ db: Database,
        body: @escaping @Sendable (View) async throws -> T,
        view: (DatabaseHandle) -> View
    ) throws -> T {
        let handle = DatabaseHandle(db)
        // The view must not outlive the access: after it, any use of it is an error, not a race.
        defer { handle.close() }
        let executor = InlineExecutor()
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let view = view(handle)
        Task(executorPreference: executor) {
            let result: Result<T, any Error>
            do { result = .success(try await body(view)) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            executor.wakeUp()
        }
        executor.drain { outcome.withLock { $0 != nil } }
        guard let result = outcome.withLock({ $0 }) else { throw StoreError(.failed, "a store body did not finish") }
        return try result.get()
    }
}

/// The database of one GRDB access, lent to a view for the length of that access.
final class DatabaseHandle: Sendable {
    /// Used only on the thread of the access: the inline executor runs every job of the body
    /// there, and GRDB itself refuses a database used off its access's thread.
    nonisolated(unsafe) private let database: Database
    private let open = Mutex(true)

    init(_ db: Database) {
        database = db
    }

    func close() {
        open.withLock { $0 = false }
    }

    /// Runs `work` with the database; the access it was lent for must still be open.
    func run<T>(_ work: (Database) throws -> T) throws -> T {
        guard open.withLock({ $0 }) else { throw StoreError(.failed, "a store view was used after its transaction ended") }
        return try work(database)
    }
}

/// An executor that runs its jobs on whichever thread drains it: the thread of a database access.
final class InlineExecutor: TaskExecutor, Sendable {
    private let jobs = Mutex<[UnownedJob]>([])
    private let wake = DispatchSemaphore(value: 0)

    func enqueue(_ job: UnownedJob) {
        jobs.withLock { $0.append(job) }
        wake.signal()
    }

    func wakeUp() {
        wake.signal()
    }

    /// Runs jobs here until `finished` says so.
    func drain(until finished: () -> Bool) {
        while !finished() {
            wake.wait()
            while let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }
}
