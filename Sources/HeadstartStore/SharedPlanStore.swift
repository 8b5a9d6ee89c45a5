/// A store several daemons share: besides the ``PlanStore`` transactions, word of every commit
/// (any daemon's) and the election of the one daemon that runs scheduled re-plans.
public protocol SharedPlanStore: PlanStore {
    /// Word of commits, on any daemon, oldest first, and of the listening connection's troubles.
    /// Ends when the store is closed or the caller's task is cancelled.
    func commits() -> AsyncStream<CommitNotice>

    /// Competes for leadership until the task is cancelled, telling `report` as this process
    /// becomes leader (with its term), stops being it, or the election's connection fails (it is
    /// then replaced). Leadership is lost when the connection holding it is; another daemon then
    /// takes it within `interval` plus the time the database takes to notice. Every wait on the
    /// database has a deadline of three intervals.
    func lead(interval: Duration, report: @escaping @Sendable (ElectionNotice) -> Void) async
}

/// What ``SharedPlanStore/commits()`` says.
public enum CommitNotice: Sendable, Equatable {
    /// An event committed with this revision.
    case committed(Int64)
    /// Listening (again): word of what committed while not listening may be lost, so read the log
    /// after what you know.
    case listening
    /// The listening connection failed or stopped answering; it is being replaced.
    case failed(StoreError)
}

/// What ``SharedPlanStore/lead(interval:report:)`` says.
public enum ElectionNotice: Sendable, Equatable {
    case leading(LeaderTerm)
    case following
    /// The election's connection failed or stopped answering; it is being replaced.
    case failed(StoreError)
}

/// One daemon's tenure as leader: the store counts them, and a write fenced with a term commits
/// only while no later term has begun (``PlanStoreWriter/requireLeadership(_:)``), so a leader
/// that lost its lock without knowing it yet cannot write what the new leader also writes.
public struct LeaderTerm: Sendable, Hashable, CustomStringConvertible {
    public let epoch: Int64
    public init(epoch: Int64) { self.epoch = epoch }
    public var description: String { "term \(epoch)" }
}
