/// A store several daemons share: besides the ``PlanStore`` transactions, word of every commit
/// (any daemon's) and the election of the one daemon that runs scheduled re-plans.
public protocol SharedPlanStore: PlanStore {
    /// The revision of each event as it commits, on any daemon, oldest first. A 0 means word may
    /// have been lost (the listening connection was re-made): read the log after what you know.
    /// Ends when the store is closed or the caller's task is cancelled.
    func commits() -> AsyncStream<Int64>

    /// Competes for leadership until the task is cancelled, calling `onChange` as this process
    /// becomes leader (true) and stops being it (false). Leadership is lost when the connection
    /// holding it is; another daemon then takes it within `interval` plus the time the database
    /// takes to notice.
    func lead(interval: Duration, onChange: @escaping @Sendable (Bool) async -> Void) async
}
