import HeadstartAPI
import HeadstartEngine

extension RecommendationsDocument {
    /// The document written straight to JSON bytes, identical to encoding it with
    /// ``JSONOutput/encode(_:)`` and much faster for large plans. Keys are in sorted order here.
    func write(to w: inout JSONWriter) {
        let r = recommendations
        w.object { w in
            w.key("apiVersion")
            w.string("headstart/v1")
            w.key("asOf")
            w.string(r.asOf.description)
            w.key("byCapability")
            let groups = r.byCapability.sorted { $0.capability < $1.capability }
            w.object { w in
                for (capability, placements) in groups {
                    w.key(capability)
                    w.array { w in
                        for p in placements {
                            w.element()
                            w.object { w in
                                w.key("cloud")
                                w.string(p.cloud)
                                w.key("region")
                                w.string(p.region)
                                w.key("workloads")
                                w.array { w in
                                    for name in p.workloads {
                                        w.element()
                                        w.string(name)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            w.key("catalogVersion")
            w.string(r.catalogVersion)
            w.key("kind")
            w.string("Recommendations")
            w.key("nextReplanAt")
            w.stringOrNull(r.nextReplanAt?.description)
            w.key("plan")
            w.string(r.plan)
            if !summaryOnly {
                w.key("recommendations")
                w.array { w in
                    for rec in r.recommendations {
                        w.element()
                        Self.write(rec, explain: explain, to: &w)
                    }
                }
            }
            w.key("summary")
            let summary = r.summary
            w.object { w in
                for status in PlacementStatus.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                    w.key(status.rawValue)
                    w.int(summary[status] ?? 0)
                }
            }
        }
    }

    static func write(_ r: Recommendation, explain: Bool, to w: inout JSONWriter) {
        w.object { w in
            if explain {
                w.key("candidates")
                w.array { w in
                    for c in r.candidates {
                        w.element()
                        w.object { w in
                            w.key("availableFrom")
                            w.string(c.availableFrom.description)
                            w.key("capability")
                            w.string(c.capability)
                            w.key("cloud")
                            w.string(c.cloud)
                            w.key("dateKind")
                            w.string(c.dateKind.rawValue)
                            if c.place.illustrative {
                                w.key("illustrative")
                                w.bool(true)
                            }
                            w.key("overdue")
                            w.bool(c.overdue)
                            w.key("processing")
                            w.string(c.place.processing.rawValue)
                            w.key("rank")
                            w.int(c.rank)
                            w.key("region")
                            w.string(c.region)
                            w.key("retires")
                            w.stringOrNull(c.place.retires?.description)
                            if let source = c.place.source {
                                w.key("source")
                                w.string(source)
                            }
                            w.key("stage")
                            w.string(c.place.stage.rawValue)
                        }
                    }
                }
            }
            w.key("capability")
            w.string(r.capability)
            w.key("current")
            if let current = r.current { write(current, to: &w) } else { w.null() }
            if explain {
                w.key("diagnosis")
                w.string(r.diagnosis.description)
            }
            if explain {
                w.key("rejected")
                w.array { w in
                    for x in r.rejected {
                        w.element()
                        w.object { w in
                            w.key("availableFrom")
                            w.string(x.place.availableFrom.description)
                            w.key("capability")
                            w.string(x.place.capability)
                            w.key("cloud")
                            w.string(x.cloud)
                            w.key("dateKind")
                            w.string(x.place.dateKind.rawValue)
                            w.key("detail")
                            w.string(x.detail)
                            w.key("processing")
                            w.string(x.place.processing.rawValue)
                            w.key("reason")
                            w.string(x.reason.rawValue)
                            w.key("region")
                            w.string(x.region)
                            w.key("retires")
                            w.stringOrNull(x.place.retires?.description)
                            if let source = x.place.source {
                                w.key("source")
                                w.string(source)
                            }
                            w.key("stage")
                            w.string(x.place.stage.rawValue)
                        }
                    }
                }
            }
            w.key("rejectedCounts")
            let counts = r.rejectedCounts.sorted { $0.key.rawValue < $1.key.rawValue }
            w.object { w in
                for (reason, n) in counts {
                    w.key(reason.rawValue)
                    w.int(n)
                }
            }
            w.key("status")
            w.string(r.status.rawValue)
            w.key("timeline")
            w.array { w in
                for phase in r.timeline {
                    w.element()
                    write(phase, to: &w)
                }
            }
            w.key("why")
            w.string(r.why)
            w.key("workload")
            w.string(r.workload)
        }
    }

    static func write(_ phase: Phase, to w: inout JSONWriter) {
        w.object { w in
            w.key("capability")
            w.string(phase.capability)
            w.key("cloud")
            w.string(phase.cloud)
            w.key("flags")
            w.array { w in
                for flag in phase.flags {
                    w.element()
                    w.string(flag.rawValue)
                }
            }
            w.key("from")
            w.string(phase.from.description)
            if phase.illustrative {
                w.key("illustrative")
                w.bool(true)
            }
            w.key("region")
            w.string(phase.region)
            w.key("until")
            w.stringOrNull(phase.until?.description)
        }
    }
}
