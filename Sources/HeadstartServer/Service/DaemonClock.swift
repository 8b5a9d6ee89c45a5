import Foundation
import HeadstartEngine
import HeadstartSchedule

/// The daemon's one source of time: every "now" and every "today" comes from here, so a test
/// (or `--clock-offset-seconds`) moves all of them at once.
public struct DaemonClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Today in UTC, the day every stored recommendation is computed for.
    public var today: Day { Day(utc: now()) }
}
