import HeadstartEngine
import HeadstartYAML

/// `headstart validate`: decodes a plan or a catalog (told apart by its `kind`) and adds the
/// warnings a valid file can still deserve. Plans are checked against `catalog`; nothing is
/// stored and no answer is printed.
public struct Validator: Sendable {
    /// What plans refer to.
    public var catalog: Catalog
    /// The day "can never be placed" is judged from.
    public var asOf: Day
    public var limits: YAMLLimits

    public init(catalog: Catalog, asOf: Day, limits: YAMLLimits = .default) {
        self.catalog = catalog
        self.asOf = asOf
        self.limits = limits
    }

    /// One file's outcome.
    public struct Outcome: Sendable {
        /// `WorkloadPlan` or `Catalog`, as the file says (a plan when it says neither).
        public var kind: String
        /// Errors and warnings, in file order.
        public var diagnostics: [Diagnostic]
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    public func validate(_ bytes: [UInt8], file: String) -> Outcome {
        // The tree again, for the marks warnings point at; decoding already refused what would not compose.
        let root = try? YAMLComposer(limits: limits).documents(bytes).first
        let kind = root?.value(forKey: "kind")?.scalarText == "Catalog" ? "Catalog" : "WorkloadPlan"
        do {
            if kind == "Catalog" {
                let decoded = try CatalogDecoder(limits: limits).decode(bytes, file: file)
                return Outcome(kind: kind, diagnostics: root.map { catalogWarnings(decoded, root: $0, file: file) } ?? [])
            }
            let plan = try PlanDecoder(catalog: catalog, limits: limits).decode(bytes, file: file)
            return Outcome(kind: kind, diagnostics: root.map { planWarnings(plan, root: $0, file: file) } ?? [])
        } catch {
            // Either kind is welcome here: say so, rather than the plan decoder's "must be WorkloadPlan".
            let found = root?.value(forKey: "kind")?.scalarText.map { TerminalText.visible($0) } ?? ""
            let diagnostics = error.diagnostics.map { d -> Diagnostic in
                guard d.code == DiagnosticCode.wrongKind else { return d }
                var either = d
                either.message = "kind must be WorkloadPlan or Catalog, found '\(found)'"
                return either
            }
            return Outcome(kind: kind, diagnostics: diagnostics)
        }
    }

    func planWarnings(_ plan: WorkloadPlan, root: YAMLNode, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let license = catalog.terms.licenseThrough
        let unset = plan.preferences.beyondLicense == nil && plan.workloads.contains { $0.preferences.beyondLicense == nil }
        if plan.horizon > license, unset, let node = root.value(forKey: "horizon") {
            out.append(
                Diagnostic(
                    file: file,
                    line: node.mark.line,
                    column: node.mark.column,
                    severity: .warning,
                    code: DiagnosticCode.horizonPastLicense,
                    message:
                        "the horizon \(plan.horizon) is past the licence (\(license), catalog \(catalog.version)) and beyondLicense is not set: placements after it are flagged, not avoided"
                )
            )
        }
        let result = Planner(catalog: catalog).plan(plan, asOf: asOf)
        let items = root.value(forKey: "workloads")?.sequenceItems ?? []
        let lookup = Catalog.Index(catalog)
        for r in result.recommendations {
            let index = plan.workloads.firstIndex { $0.name == r.workload }
            let node = index.flatMap { $0 < items.count ? items[$0] : nil }
            let mark = node?.value(forKey: "name")?.mark ?? node?.mark ?? root.mark
            func warn(_ code: DiagnosticCode, _ message: String) {
                out.append(Diagnostic(file: file, line: mark.line, column: mark.column, severity: .warning, code: code, message: message))
            }
            if r.status == .unplaceable {
                warn(DiagnosticCode.neverPlaced, "workload '\(r.workload)' can never get \(r.capability) before the horizon: \(r.diagnosis)")
            }
            let follows =
                index.map { EffectivePreferences(plan.preferences.overridden(by: plan.workloads[$0].preferences), catalog: catalog).followSuccessor }
                ?? false
            let successor = lookup.capability(named: r.capability)?.successor
            let advice = !follows && successor != nil ? "; set followSuccessor: true to continue on its successor \(successor ?? "")" : ""
            // Service ends before the horizon: a retirement gap, a last phase that ends, or nothing left but retired offers.
            if let gap = r.timeline.first(where: { $0.flags.contains(.retirementGap) }), let day = gap.until {
                warn(
                    DiagnosticCode.retiresBeforeHorizon,
                    "workload '\(r.workload)': \(gap.capability) on \(gap.cloud) \(gap.region) retires on \(day) and nothing takes over\(advice)"
                )
            } else if let last = r.timeline.last, let day = last.until {
                warn(
                    DiagnosticCode.retiresBeforeHorizon,
                    "workload '\(r.workload)': \(r.capability) is served only until \(day), before the horizon \(plan.horizon)\(advice)"
                )
            } else if r.status == .unplaceable, r.rejectedCounts[.retired] != nil,
                let day = r.rejected.filter({ $0.reason == .retired }).compactMap(\.place.retires).max()
            {
                warn(
                    DiagnosticCode.retiresBeforeHorizon,
                    "workload '\(r.workload)': every usable offer of \(r.capability) has retired (the last on \(day))\(advice)"
                )
            }
            if let first = r.timeline.first, first.flags.contains(.deprecated) {
                let place = "\(first.capability) on \(first.cloud) \(first.region)"
                warn(
                    DiagnosticCode.deprecatedStart,
                    "workload '\(r.workload)': \(place) is deprecated there: "
                        + "it serves only the deployment listed under deployed; a redeploy or a new workload there would be refused"
                )
            }
        }
        return out
    }

    /// An offer dated before the first-access cloud's first offer of a capability Microsoft did not
    /// decline contradicts the first-access terms: a typo, or a fact worth a second source.
    func catalogWarnings(_ catalog: Catalog, root: YAMLNode, file: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let first = catalog.terms.firstAccessCloud
        let capabilities = root.value(forKey: "capabilities")
        for capability in catalog.capabilities where !capability.azureDeclined {
            let firstDay = capability.offers.filter { $0.cloud == first }.compactMap(\.availability.day).min() ?? capability.launch
            let items = capability.offers.indices.map {
                capabilities?.value(forKey: capability.name)?.value(forKey: "offers")?.sequenceItems?[safe: $0]
            }
            for (i, offer) in capability.offers.enumerated() where offer.cloud != first {
                guard let day = offer.availability.day, day < firstDay else { continue }
                let node = items[i].flatMap { $0.value(forKey: "since") ?? $0.value(forKey: "expected") }
                let mark = node?.mark ?? items[i]?.mark ?? root.mark
                out.append(
                    Diagnostic(
                        file: file,
                        line: mark.line,
                        column: mark.column,
                        severity: .warning,
                        code: DiagnosticCode.beforeFirstAccess,
                        message:
                            "\(capability.name) on \(offer.cloud) is dated \(day), before it reaches the first-access cloud \(first) (\(firstDay)), and Microsoft did not decline it"
                    )
                )
            }
        }
        out += lagWarnings(catalog, root: root, file: file)
        return out
    }

    /// `few-lag-samples`: one per cloud whose undated offers fall back to the window under
    /// `estimates: measured`, at its first such offer.
    func lagWarnings(_ catalog: Catalog, root: YAMLNode, file: String) -> [Diagnostic] {
        guard catalog.terms.estimates == .measured else { return [] }
        let headStart = HeadStart(catalog: catalog)
        let capabilities = root.value(forKey: "capabilities")
        var out: [Diagnostic] = []
        for row in headStart.clouds where row.basis == .window {
            var count = 0
            var mark: YAMLMark?
            for capability in catalog.capabilities where !capability.azureDeclined {
                for (i, offer) in capability.offers.enumerated() where offer.cloud == row.cloud && offer.availability == .estimated {
                    count += 1
                    if mark == nil { mark = capabilities?.value(forKey: capability.name)?.value(forKey: "offers")?.sequenceItems?[safe: i]?.mark }
                }
            }
            guard count > 0 else { continue }
            let at = mark ?? root.mark
            let measured = row.samples == 0 ? "no model is measured" : "only \(row.samples) model\(row.samples == 1 ? " is" : "s are") measured"
            out.append(
                Diagnostic(
                    file: file,
                    line: at.line,
                    column: at.column,
                    severity: .warning,
                    code: DiagnosticCode.fewLagSamples,
                    message: "\(row.cloud) has \(count) undated offer\(count == 1 ? "" : "s") but \(measured) there (fewer than "
                        + "\(HeadStart.minimumSamples)): \(count == 1 ? "it is" : "they are") estimated with the "
                        + "\(catalog.terms.firstAccessWindowDays)-day window"
                )
            )
        }
        return out
    }
}

extension Availability {
    /// The offer's date, confirmed or announced; nil when estimated.
    var day: Day? {
        switch self {
        case .since(let d), .expected(let d): d
        case .estimated: nil
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
