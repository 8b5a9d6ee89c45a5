/// One field of a cron expression: the values it allows.
struct CronField: Sendable, Hashable {
    enum Kind: Int, CaseIterable, Sendable {
        case second, minute, hour, dayOfMonth, month, dayOfWeek

        var name: String {
            switch self {
            case .second: return "second"
            case .minute: return "minute"
            case .hour: return "hour"
            case .dayOfMonth: return "day-of-month"
            case .month: return "month"
            case .dayOfWeek: return "day-of-week"
            }
        }

        /// Day-of-week takes 0-7, both 0 and 7 meaning Sunday.
        var range: ClosedRange<Int> {
            switch self {
            case .second, .minute: return 0...59
            case .hour: return 0...23
            case .dayOfMonth: return 1...31
            case .month: return 1...12
            case .dayOfWeek: return 0...7
            }
        }

        var names: [String] {
            switch self {
            case .month: return ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
            case .dayOfWeek: return ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
            default: return []
            }
        }
    }

    let kind: Kind
    /// Allowed values; for day-of-week 7 is folded into 0.
    let values: Set<Int>
    /// The field starts with `*`: Vixie cron then ANDs day-of-month and day-of-week instead of ORing them.
    let isStar: Bool

    func contains(_ value: Int) -> Bool { values.contains(value) }

    /// Parses `text` (which starts at 1-based `column` of the expression).
    static func parse(_ text: String, kind: Kind, column: Int) throws(CronError) -> CronField {
        var values = Set<Int>()
        var offset = 0
        for term in text.split(separator: ",", omittingEmptySubsequences: false) {
            try values.formUnion(parseTerm(String(term), kind: kind, column: column + offset))
            offset += term.count + 1
        }
        if kind == .dayOfWeek, values.remove(7) != nil { values.insert(0) }
        return CronField(kind: kind, values: values, isStar: text.hasPrefix("*"))
    }

    /// `*`, `N`, `A-B`, each optionally `/STEP`; a lone `N/STEP` runs from N to the field's end.
    private static func parseTerm(_ term: String, kind: Kind, column: Int) throws(CronError) -> Set<Int> {
        func fail(_ message: String) -> CronError { CronError(.badField, message, field: kind.name, column: column) }
        guard !term.isEmpty else { throw fail("empty list item") }
        let parts = term.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        var step = 1
        if parts.count == 2 {
            guard let s = Int(parts[1]), s > 0, parts[1].allSatisfy(\.isASCII) else {
                throw fail("step '\(parts[1])' must be a whole number above 0")
            }
            step = s
        }
        let base = String(parts[0])
        let low: Int
        let high: Int
        if base == "*" {
            (low, high) = (kind.range.lowerBound, kind.range.upperBound)
        } else if let dash = base.firstIndex(of: "-") {
            low = try value(String(base[..<dash]), kind: kind, column: column)
            high = try value(String(base[base.index(after: dash)...]), kind: kind, column: column)
            guard low <= high else { throw fail("range \(base) runs backwards") }
        } else {
            low = try value(base, kind: kind, column: column)
            high = parts.count == 2 ? kind.range.upperBound : low
        }
        return Set(stride(from: low, through: high, by: step))
    }

    private static func value(_ text: String, kind: Kind, column: Int) throws(CronError) -> Int {
        if let index = kind.names.firstIndex(of: text.uppercased()) {
            return kind == .month ? index + 1 : index
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(text) else {
            let hint = kind.names.isEmpty ? "" : " or a name such as \(kind.names[0])"
            throw CronError(.badField, "'\(text)' is not a number\(hint)", field: kind.name, column: column)
        }
        guard kind.range.contains(v) else {
            throw CronError(.badField, "\(v) is outside \(kind.range.lowerBound)-\(kind.range.upperBound)", field: kind.name, column: column)
        }
        return v
    }
}
