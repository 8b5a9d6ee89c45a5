/// The keys each mapping of a plan may and must have: the one table both plan decoders (the
/// node tree's and the event cursor's) take their keys and required sets from, and that
/// `Plans/schema/plan.schema.json` is tested against. See `README.md` beside it.
enum PlanKeys {
    static let preferences = KeyTable(
        [
            "clouds", "regions", "residency", "stage", "acceptDelayDays", "settleDays", "beyondLicense", "minDwellDays",
            "retirementLeadDays", "followSuccessor",
        ],
        required: []
    )
    static let plan = KeyTable(
        ["apiVersion", "kind", "name", "owner", "horizon", "schedule", "timeZone", "preferences", "workloads"],
        required: ["apiVersion", "kind", "name", "horizon", "workloads"]
    )
    /// A workload overrides preferences with keys of its own; a nested `preferences:` is not one
    /// (the tree decoder says so in words of its own, the event decoder falls back to it).
    static let workload = KeyTable(["name", "needs", "neededBy", "deployed"] + preferences.names, required: ["name", "needs"])
    static let deployment = KeyTable(["capability", "cloud", "region"], required: ["capability", "cloud", "region"])
}

/// A mapping's allowed keys, as strings for the tree decoder and as bytes to match libyaml's
/// scalars against without making a string of each, and the bits (by position) of the required ones.
struct KeyTable: Sendable {
    let names: [String]
    let requiredNames: [String]
    let bytes: [[UInt8]]
    let required: UInt32

    init(_ names: [String], required: [String]) {
        self.names = names
        requiredNames = required
        bytes = names.map { Array($0.utf8) }
        self.required = names.enumerated().reduce(0) { mask, key in required.contains(key.element) ? mask | 1 << UInt32(key.offset) : mask }
    }
}
