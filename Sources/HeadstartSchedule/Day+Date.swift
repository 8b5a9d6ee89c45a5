import Foundation
import HeadstartEngine

extension Day {
    /// The UTC day `date` falls on: the one definition of "today" for the daemon and the CLI.
    public init(utc date: Date) {
        self.init(ordinal: Int((date.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Midnight UTC at the start of the day.
    public var startDate: Date { Date(timeIntervalSince1970: TimeInterval(ordinal) * 86_400) }
}
