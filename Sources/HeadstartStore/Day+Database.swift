import GRDB
import HeadstartEngine

/// Days are stored as `YYYY-MM-DD` text, so a column's text order is the days' order and the
/// databases read the same as they did before the columns were typed.
extension Day: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Day? {
        String.fromDatabaseValue(dbValue).flatMap(Day.init(iso:))
    }
}

extension Day {
    /// A day read back from a column that holds text; a store error when it is not a day, as
    /// only another program could have written it.
    init(stored text: String, column: String) throws(StoreError) {
        guard let day = Day(iso: text) else { throw StoreError(.corrupt, "\(column) holds '\(text)', not a day YYYY-MM-DD") }
        self = day
    }
}
