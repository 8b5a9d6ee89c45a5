import GRDB
import HeadstartEngine

/// A phase's flags in one text column, codes joined by commas (no code holds one): both stores
/// keep them so, and a row reads back without a JSON decode.
struct PhaseFlags: Codable, Hashable, DatabaseValueConvertible {
    var flags: [PhaseFlag]

    init(_ flags: [PhaseFlag]) {
        self.flags = flags
    }

    /// The column's text.
    var text: String { flags.map(\.rawValue).joined(separator: ",") }

    /// Flags read back from `text`; nil when a code is unknown.
    init?(text: String) {
        var flags: [PhaseFlag] = []
        for code in text.split(separator: ",") {
            guard let flag = PhaseFlag(rawValue: String(code)) else { return nil }
            flags.append(flag)
        }
        self.flags = flags
    }

    var databaseValue: DatabaseValue { text.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> PhaseFlags? {
        String.fromDatabaseValue(dbValue).flatMap(PhaseFlags.init(text:))
    }
}

/// Processing is stored as its raw value.
extension Processing: DatabaseValueConvertible {}
