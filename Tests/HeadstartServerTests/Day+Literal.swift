import HeadstartEngine

/// Days written as `"YYYY-MM-DD"` in tests, as they read in documents.
extension Day: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let day = Day(iso: value) else { fatalError("'\(value)' is not a day YYYY-MM-DD") }
        self = day
    }
}
