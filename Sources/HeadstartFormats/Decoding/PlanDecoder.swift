import Foundation
import HeadstartEngine
import HeadstartSchedule
import HeadstartYAML

/// Reads a workload plan (`kind: WorkloadPlan`) into a ``WorkloadPlan``, checking every name it
/// uses against the catalog and reporting every problem.
public struct PlanDecoder: Sendable {
    public var catalog: Catalog
    public var limits: YAMLLimits
    /// The catalog's names, looked up for every workload.
    let names: CatalogNames

    /// The names a plan may refer to, computed once per catalog.
    struct CatalogNames: Sendable {
        var capabilities: [String]
        var capabilitySet: Set<String>
        var clouds: [String]
        var cloudSet: Set<String>
        var regions: [String]
        var regionSet: Set<String>
        var geos: [String]
        var geoSet: Set<String>
        /// Each region name's geos (a name may stand on several clouds).
        var geosOfRegion: [String: Set<String>]

        init(_ catalog: Catalog) {
            capabilities = catalog.capabilities.map(\.name)
            capabilitySet = Set(capabilities)
            clouds = catalog.clouds.map(\.name)
            cloudSet = Set(clouds)
            regionSet = Set(catalog.clouds.flatMap { $0.regions.map(\.name) })
            regions = regionSet.sorted()
            geoSet = Set(catalog.clouds.flatMap { $0.regions.map(\.geo) })
            geos = geoSet.sorted()
            geosOfRegion = catalog.clouds.flatMap(\.regions).reduce(into: [:]) { $0[$1.name, default: []].insert($1.geo) }
        }
    }

    /// Plan names travel in URLs and file names.
    static let maxNameLength = 128

    public init(catalog: Catalog, limits: YAMLLimits = .default) {
        self.catalog = catalog
        self.limits = limits
        self.names = CatalogNames(catalog)
    }

    /// The plan in `bytes`; `file` names it in diagnostics.
    public func decode(_ bytes: [UInt8], file: String) throws(DocumentError) -> WorkloadPlan {
        if let plan = decodeFromEvents(bytes) { return plan }
        return try decodeFromTree(bytes, file: file)
    }

    /// The plan read through a node tree, every problem reported with its location.
    func decodeFromTree(_ bytes: [UInt8], file: String) throws(DocumentError) -> WorkloadPlan {
        try NodeReader.decode(file: file) { decode(bytes, reader: $0) }
    }

    private func decode(_ bytes: [UInt8], reader: NodeReader) -> WorkloadPlan? {
        guard let root = reader.document(bytes, limits: limits, what: "workload plan"), reader.hasKind(root, "WorkloadPlan"),
            let top = reader.mapping(
                root,
                "the plan",
                allowed: PlanKeys.plan.names,
                required: PlanKeys.plan.requiredNames
            )
        else { return nil }
        reader.header(top, kind: "WorkloadPlan")
        let name = top["name"].flatMap { decodeName($0, "plan name", reader) }
        let owner = top["owner"].flatMap { reader.string($0, "owner") }
        let horizon = top["horizon"].flatMap { reader.day($0, "horizon") }
        let timeZone = top["timeZone"].flatMap { decodeTimeZone($0, reader) }
        let schedule = top["schedule"].flatMap { decodeSchedule($0, timeZone: timeZone, reader) }
        var preferences = Preferences()
        if let node = top["preferences"],
            let f = reader.mapping(node, "preferences", allowed: PlanKeys.preferences.names)
        {
            preferences = decodePreferences(f, inheriting: nil, reader)
        }
        var workloads: [Workload] = []
        if let node = top["workloads"] {
            if let items = node.sequenceItems {
                if items.isEmpty {
                    reader.error(DiagnosticCode.emptyDocument, "the plan has no workloads", at: node.mark)
                }
                var seen: [String: YAMLMark] = [:]
                for item in items {
                    guard let w = decodeWorkload(item, plan: preferences, reader) else { continue }
                    if let earlier = seen[w.workload.name] {
                        reader.error(
                            DiagnosticCode.duplicateName,
                            "duplicate workload name '\(w.workload.name)' (first at line \(earlier.line))",
                            at: w.mark
                        )
                        continue
                    }
                    seen[w.workload.name] = w.mark
                    workloads.append(w.workload)
                }
            } else {
                reader.error(DiagnosticCode.wrongType, "workloads must be a list, found \(node.kindName)", at: node.mark)
            }
        }
        guard let name, let horizon else { return nil }
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

    private func decodeTimeZone(_ node: YAMLNode, _ reader: NodeReader) -> String? {
        guard let name = reader.string(node, "timeZone") else { return nil }
        guard TimeZone(identifier: name) != nil else {
            reader.error(DiagnosticCode.badValue, "timeZone '\(name)' is not an IANA time zone (such as Europe/Berlin)", at: node.mark)
            return nil
        }
        return name
    }

    /// A cron expression; its errors point at the bad field inside the scalar.
    private func decodeSchedule(_ node: YAMLNode, timeZone: String?, _ reader: NodeReader) -> String? {
        guard let text = reader.string(node, "schedule") else { return nil }
        do {
            _ = try CronSchedule(text, timeZone: timeZone.flatMap(TimeZone.init(identifier:)) ?? .gmt)
            return text
        } catch {
            let quoted: Bool
            if case .scalar(_, let style) = node.content { quoted = style == .singleQuoted || style == .doubleQuoted } else { quoted = false }
            let mark = YAMLMark(line: node.mark.line, column: node.mark.column + error.column - 1 + (quoted ? 1 : 0))
            reader.error(DiagnosticCode.badValue, "schedule '\(text)': \(error.field.map { "\($0) field: " } ?? "")\(error.message)", at: mark)
            return nil
        }
    }

    private func decodeName(_ node: YAMLNode, _ what: String, _ reader: NodeReader) -> String? {
        guard let name = reader.string(node, what) else { return nil }
        guard Self.isValidName(name) else {
            reader.error(DiagnosticCode.badValue, "\(what) '\(name)' \(Self.nameRule)", at: node.mark)
            return nil
        }
        return name
    }

    /// What a plan or workload name may be, as messages say it.
    public static let nameRule = "must be 1 to \(maxNameLength) letters, digits, '.', '-' or '_', not starting with '.' or '-'"

    /// Whether `name` is a valid plan or workload name: the client checks a name before it asks.
    public static func isValidName(_ name: String) -> Bool {
        let allowed = name.utf8.allSatisfy { b in
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 45 || b == 46 || b == 95
        }
        return allowed && !name.isEmpty && name.utf8.count <= maxNameLength && name.first != "." && name.first != "-"
    }

    private func decodeWorkload(_ node: YAMLNode, plan: Preferences, _ reader: NodeReader) -> (workload: Workload, mark: YAMLMark)? {
        if let pair = node.mappingPairs?.first(where: { $0.key.scalarText == "preferences" }) {
            reader.error(
                DiagnosticCode.unknownKey,
                "unknown key 'preferences' in a workload (a workload overrides preferences with keys of its own, such as clouds: or residency:)",
                at: pair.key.mark
            )
        }
        guard
            let f = reader.mapping(
                node,
                "a workload",
                allowed: PlanKeys.workload.names + ["preferences"],  // reported above, in words of its own
                required: PlanKeys.workload.requiredNames
            )
        else {
            return nil
        }
        let name = f["name"].flatMap { decodeName($0, "workload name", reader) }
        var needs: [String] = []
        if let needsNode = f["needs"], let list = reader.stringList(needsNode, "needs", nonEmpty: true) {
            for (capability, mark) in list {
                if !names.capabilitySet.contains(capability) {
                    reader.error(
                        DiagnosticCode.unknownReference,
                        "capability '\(capability)' is not in the catalog (\(catalog.version))\(Suggestion.hint(for: capability, in: names.capabilities))",
                        at: mark
                    )
                }
                needs.append(capability)
            }
        }
        let neededBy = f["neededBy"].flatMap { reader.day($0, "neededBy") }
        let preferences = decodePreferences(f, inheriting: plan, reader)
        let deployed = f["deployed"].map { decodeDeployed($0, needs: needs, reader) } ?? []
        guard let name else { return nil }
        return (Workload(name: name, needs: needs, neededBy: neededBy, preferences: preferences, deployed: deployed), f["name"]?.mark ?? node.mark)
    }

    /// The preference keys present in `f` (a plan's `preferences:` or a workload's overrides, which
    /// inherit the plan's).
    private func decodePreferences(_ f: Fields, inheriting plan: Preferences?, _ reader: NodeReader) -> Preferences {
        var p = Preferences()
        p.clouds = f["clouds"].flatMap { references($0, "clouds", known: names.clouds, set: names.cloudSet, kind: "cloud", reader) }
        p.residency = f["residency"].flatMap { references($0, "residency", known: names.geos, set: names.geoSet, kind: "geo", reader) }
        // A misspelt region is matched only among the regions the residency allows: an EU-only
        // plan's 'eu-west-1' is not pointed at us-west-2.
        let allowedGeos = Set(p.residency ?? plan?.residency ?? [])
        let preferred = allowedGeos.isEmpty ? nil : names.regions.filter { !(names.geosOfRegion[$0] ?? []).isDisjoint(with: allowedGeos) }
        p.regions = f["regions"].flatMap {
            references($0, "regions", known: names.regions, set: names.regionSet, kind: "region", preferred: preferred, reader)
        }
        p.stage = f["stage"].flatMap { reader.choice($0, "stage", as: Stage.self) }
        p.acceptDelayDays = f["acceptDelayDays"].flatMap { reader.int($0, "acceptDelayDays", in: 0...36_500) }
        p.settleDays = f["settleDays"].flatMap { reader.int($0, "settleDays", in: 0...36_500) }
        p.beyondLicense = f["beyondLicense"].flatMap { reader.choice($0, "beyondLicense", as: LicenseMode.self) }
        p.minDwellDays = f["minDwellDays"].flatMap { reader.int($0, "minDwellDays", in: 0...3650) }
        p.retirementLeadDays = f["retirementLeadDays"].flatMap { reader.int($0, "retirementLeadDays", in: 0...36_500) }
        p.followSuccessor = f["followSuccessor"].flatMap { reader.bool($0, "followSuccessor") }
        return p
    }

    private func references(
        _ node: YAMLNode,
        _ what: String,
        known: [String],
        set: Set<String>,
        kind: String,
        preferred: [String]? = nil,
        _ reader: NodeReader
    ) -> [String]? {
        guard let list = reader.stringList(node, what) else { return nil }
        for (value, mark) in list where !set.contains(value) {
            // Where the residency allows only some, only those are suggested: another would be refused anyway.
            let hint = Suggestion.hint(for: value, in: preferred ?? known)
            reader.error(DiagnosticCode.unknownReference, "\(kind) '\(value)' in \(what) is not in the catalog\(hint)", at: mark)
        }
        return list.map(\.value)
    }
}
