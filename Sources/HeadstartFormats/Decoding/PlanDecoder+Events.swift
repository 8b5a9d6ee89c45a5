import Foundation
import HeadstartEngine
import HeadstartSchedule
import HeadstartYAML

extension PlanDecoder {
    /// The plan read straight from libyaml's events into typed values, with no node tree: the
    /// fast path for the usual input, a well-formed and valid plan.
    ///
    /// Nil when the document holds anything this path leaves to the tree: an anchor, alias or
    /// tag, a second document, a limit reached, or any error at all. ``decode(_:file:)`` then
    /// reads the bytes again through ``NodeReader``, which reports every problem with its
    /// location exactly as before; so this path only has to agree with it on valid plans, which
    /// the decoder tests check plan by plan.
    func decodeFromEvents(_ bytes: [UInt8]) -> WorkloadPlan? {
        guard bytes.count <= limits.maxInputBytes else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            var reader = EventPlanReader(cursor: YAMLEventCursor(buffer), decoder: self)
            return try? reader.plan()
        }
    }
}

/// Why the event path gave up: the tree path will say.
struct EventFallback: Error {}

/// One read of a plan's events. Mirrors `PlanDecoder.decode(_:reader:)` rule for rule, but
/// only accepts: every rule the tree path would report on is a fallback here.
struct EventPlanReader {
    let cursor: YAMLEventCursor
    let decoder: PlanDecoder
    private var nodes = 0
    private var depth = 0

    init(cursor: YAMLEventCursor, decoder: PlanDecoder) {
        self.cursor = cursor
        self.decoder = decoder
    }

    // The keys each mapping may and must have: `PlanDecoder`'s own lists, as bytes.
    private static let planKeys = PlanKeys.plan
    private static let workloadKeys = PlanKeys.workload
    private static let preferenceKeys = PlanKeys.preferences
    private static let deploymentKeys = PlanKeys.deployment

    mutating func plan() throws(EventFallback) -> WorkloadPlan {
        try expect(.streamStart, cursor.next())
        try expect(.documentStart, cursor.next())
        try startCollection(.mappingStart)
        var present: UInt32 = 0
        var name: String?
        var owner: String?
        var horizon: Day?
        var schedule: String?
        var timeZone: String?
        var preferences = Preferences()
        var workloads: [Workload] = []
        while let key = try nextKey(Self.planKeys, present: &present) {
            switch key {
            case "apiVersion": guard try string() == "headstart/v1" else { throw EventFallback() }
            case "kind": guard try string() == "WorkloadPlan" else { throw EventFallback() }
            case "name": name = try validName()
            case "owner": owner = try string()
            case "horizon": horizon = try day()
            case "schedule": schedule = try string()
            case "timeZone": timeZone = try string()
            case "preferences":
                try startCollection(.mappingStart)
                var seen: UInt32 = 0
                while let key = try nextKey(Self.preferenceKeys, present: &seen) { try preference(key, into: &preferences) }
            default:
                workloads = try workloadList()
            }
        }
        guard present & Self.planKeys.required == Self.planKeys.required, let name, let horizon else { throw EventFallback() }
        try expect(.documentEnd, cursor.next())
        try expect(.streamEnd, cursor.next())
        if let timeZone {
            guard TimeZone(identifier: timeZone) != nil else { throw EventFallback() }
        }
        if let schedule {
            guard (try? CronSchedule(schedule, timeZone: timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt)) != nil else { throw EventFallback() }
        }
        return WorkloadPlan(
            name: name,
            owner: owner,
            horizon: horizon,
            schedule: schedule,
            timeZone: timeZone,
            preferences: preferences,
            workloads: workloads
        )
    }

    private mutating func workloadList() throws(EventFallback) -> [Workload] {
        try startCollection(.sequenceStart)
        var workloads: [Workload] = []
        var names = Set<String>()
        while try nextItem() {
            try startCollection(.mappingStart, current: true)
            var present: UInt32 = 0
            var name = ""
            var needs: [String] = []
            var neededBy: Day?
            var deployed: [Deployment] = []
            var preferences = Preferences()
            while let key = try nextKey(Self.workloadKeys, present: &present) {
                switch key {
                case "name": name = try validName()
                case "needs":
                    needs = try stringList(nonEmpty: true)
                    for need in needs where !decoder.names.capabilitySet.contains(need) { throw EventFallback() }
                case "neededBy": neededBy = try day()
                case "deployed": deployed = try deployments()
                default: try preference(key, into: &preferences)
                }
            }
            let required = Self.workloadKeys.required
            guard present & required == required, names.insert(name).inserted else { throw EventFallback() }
            if !deployed.isEmpty {
                // Each one on a need's successor chain, on a region of its cloud: else the tree path says which is not.
                let index = Catalog.Index(decoder.catalog)
                let chains = Set(needs.flatMap { index.chain(from: $0, following: true).map(\.name) })
                for d in deployed where !chains.contains(d.capability) || index.geo(cloud: d.cloud, region: d.region) == nil { throw EventFallback() }
            }
            workloads.append(Workload(name: name, needs: needs, neededBy: neededBy, preferences: preferences, deployed: deployed))
        }
        guard !workloads.isEmpty else { throw EventFallback() }
        return workloads
    }

    /// One preference key's value.
    private mutating func preference(_ key: String, into p: inout Preferences) throws(EventFallback) {
        let names = decoder.names
        switch key {
        case "clouds": p.clouds = try references(names.cloudSet)
        case "regions": p.regions = try references(names.regionSet)
        case "residency": p.residency = try references(names.geoSet)
        case "stage": p.stage = try choice(Stage.self)
        case "acceptDelayDays": p.acceptDelayDays = try int(in: 0...36_500)
        case "settleDays": p.settleDays = try int(in: 0...36_500)
        case "beyondLicense": p.beyondLicense = try choice(LicenseMode.self)
        case "minDwellDays": p.minDwellDays = try int(in: 0...3650)
        case "retirementLeadDays": p.retirementLeadDays = try int(in: 0...36_500)
        case "followSuccessor": p.followSuccessor = try bool()
        default: throw EventFallback()
        }
    }

    /// A `deployed:` list of `{capability, cloud, region}` mappings, checked by the caller.
    private mutating func deployments() throws(EventFallback) -> [Deployment] {
        try startCollection(.sequenceStart)
        var out: [Deployment] = []
        while try nextItem() {
            try startCollection(.mappingStart, current: true)
            var present: UInt32 = 0
            var fields: [String: String] = [:]
            while let key = try nextKey(Self.deploymentKeys, present: &present) { fields[key] = try string() }
            guard let capability = fields["capability"], let cloud = fields["cloud"], let region = fields["region"] else { throw EventFallback() }
            out.append(Deployment(capability: capability, cloud: cloud, region: region))
        }
        guard !out.isEmpty else { throw EventFallback() }
        return out
    }

    private mutating func references(_ known: Set<String>) throws(EventFallback) -> [String] {
        let list = try stringList(nonEmpty: false)
        for value in list where !known.contains(value) { throw EventFallback() }
        return list
    }
}

extension EventPlanReader {
    private func expect(_ kind: YAMLEventCursor.Kind, _ found: YAMLEventCursor.Kind) throws(EventFallback) {
        guard found == kind else { throw EventFallback() }
    }

    /// Moves to the next event, counting nodes and depth as the composer does.
    @discardableResult
    private mutating func advance() throws(EventFallback) -> YAMLEventCursor.Kind {
        let kind = cursor.next()
        switch kind {
        case .scalar:
            nodes += 1
            guard cursor.scalarLength <= decoder.limits.maxScalarBytes else { throw EventFallback() }
        case .sequenceStart, .mappingStart:
            nodes += 1
            depth += 1
            guard depth <= decoder.limits.maxDepth else { throw EventFallback() }
        case .sequenceEnd, .mappingEnd:
            depth -= 1
        case .alias, .failed, .streamStart, .streamEnd, .documentStart, .documentEnd:
            throw EventFallback()
        }
        guard nodes <= decoder.limits.maxNodes, !cursor.isDecorated else { throw EventFallback() }
        return kind
    }

    /// Starts a collection of `kind`: the next event, or with `current` the one just read.
    private mutating func startCollection(_ kind: YAMLEventCursor.Kind, current: Bool = false) throws(EventFallback) {
        try expect(kind, current ? cursor.kind : try advance())
    }

    /// The next key, one of `keys`; nil at the mapping's end. An unknown or repeated key falls back.
    private mutating func nextKey(_ keys: KeyTable, present: inout UInt32) throws(EventFallback) -> String? {
        let kind = try advance()
        if kind == .mappingEnd { return nil }
        guard kind == .scalar, let index = keys.bytes.firstIndex(where: cursor.scalarEquals) else { throw EventFallback() }
        let bit = UInt32(1) << UInt32(index)
        guard present & bit == 0 else { throw EventFallback() }
        present |= bit
        return keys.names[index]
    }

    /// Moves to a sequence's next item; false at its end.
    private mutating func nextItem() throws(EventFallback) -> Bool {
        try advance() != .sequenceEnd
    }

    /// The next scalar's text and whether it resolves to a string under the core schema.
    private mutating func scalar() throws(EventFallback) -> (text: String, value: YAMLScalarValue) {
        try expect(.scalar, try advance())
        let text = cursor.scalarText
        return (text, cursor.isPlain ? YAMLScalarValue.resolvePlain(text) : .string(text))
    }

    /// A non-empty, one-line string, as `NodeReader.string` accepts.
    private mutating func string() throws(EventFallback) -> String {
        try expect(.scalar, try advance())
        return try currentString()
    }

    /// The current scalar as a string: not empty, no control characters, and if plain, not
    /// a null, boolean or number.
    private func currentString() throws(EventFallback) -> String {
        guard cursor.kind == .scalar else { throw EventFallback() }
        let text = cursor.scalarText
        guard !text.isEmpty, cursor.scalarIsPrintableASCII || !TerminalText.hasControlCharacters(text) else { throw EventFallback() }
        if cursor.isPlain {
            guard case .string = YAMLScalarValue.resolvePlain(text) else { throw EventFallback() }
        }
        return text
    }

    private mutating func validName() throws(EventFallback) -> String {
        let name = try string()
        guard PlanDecoder.isValidName(name) else { throw EventFallback() }
        return name
    }

    private mutating func day() throws(EventFallback) -> Day {
        let (text, value) = try scalar()
        guard case .string = value, let day = Day(iso: text) else { throw EventFallback() }
        return day
    }

    private mutating func int(in range: ClosedRange<Int>) throws(EventFallback) -> Int {
        guard case .int(let i) = try scalar().value, range.contains(i) else { throw EventFallback() }
        return i
    }

    private mutating func bool() throws(EventFallback) -> Bool {
        guard case .bool(let b) = try scalar().value else { throw EventFallback() }
        return b
    }

    private mutating func choice<E: RawRepresentable>(_: E.Type) throws(EventFallback) -> E where E.RawValue == String {
        guard let value = E(rawValue: try string()) else { throw EventFallback() }
        return value
    }

    /// A list of distinct strings.
    private mutating func stringList(nonEmpty: Bool) throws(EventFallback) -> [String] {
        try startCollection(.sequenceStart)
        var out: [String] = []
        // Lists are short (a workload's needs, a few clouds): a linear check until they are not.
        var seen: Set<String>?
        while try nextItem() {
            let text = try currentString()
            if seen == nil, out.count == 16 { seen = Set(out) }
            let isNew = seen == nil ? !out.contains(text) : seen?.insert(text).inserted == true
            guard isNew else { throw EventFallback() }
            out.append(text)
        }
        guard !nonEmpty || !out.isEmpty else { throw EventFallback() }
        return out
    }
}
