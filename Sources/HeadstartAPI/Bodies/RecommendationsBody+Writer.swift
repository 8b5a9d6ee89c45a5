// The one writer of the recommendations document: `plan --format json`, the stored documents,
// `GET .../recommendations` and the phases of a `recommendations-changed` event all come out of
// it. Keys in sorted order; a key whose field is nil is left out, except those the document
// always carries as `null` (`nextReplanAt`, `current`, `until`, `retires`).

extension RecommendationsBody {
    public func write(to w: inout JSONWriter) {
        if let recommendations {
            write(to: &w) { w in w.array(of: recommendations) }
        } else {
            write(to: &w, recommendations: nil)
        }
    }

    /// The document with its `recommendations` written by `recommendations` in their place
    /// (left out when nil) instead of from the field: a large plan's are then written one at a
    /// time as they are made, never all held at once.
    public func write(to w: inout JSONWriter, recommendations: ((inout JSONWriter) -> Void)?) {
        w.object { w in
            w.key("apiVersion")
            w.string(apiVersion)
            w.key("asOf")
            w.string(asOf)
            w.key("byCapability")
            w.object(sorted: byCapability) { placements, w in w.array(of: placements) }
            w.key("catalogVersion")
            w.string(catalogVersion)
            w.key("kind")
            w.string(kind)
            w.key("nextReplanAt")
            w.stringOrNull(nextReplanAt)
            w.key("plan")
            w.string(plan)
            if let recommendations {
                w.key("recommendations")
                recommendations(&w)
            }
            if let stale {
                w.key("stale")
                stale.write(to: &w)
            }
            w.key("summary")
            w.object(sorted: summary) { n, w in w.int(n) }
        }
    }
}

extension RecommendationsBody.Placement {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.key("cloud")
            w.string(cloud)
            w.key("region")
            w.string(region)
            w.key("workloads")
            w.array { w in
                for name in workloads {
                    w.element()
                    w.string(name)
                }
            }
        }
    }
}

extension RecommendationsBody.Recommendation {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            if let candidates {
                w.key("candidates")
                w.array(of: candidates)
            }
            w.key("capability")
            w.string(capability)
            w.key("current")
            if let current { current.write(to: &w) } else { w.null() }
            if let diagnosis {
                w.key("diagnosis")
                w.string(diagnosis)
            }
            if let rejected {
                w.key("rejected")
                w.array(of: rejected)
            }
            if let rejectedCounts {
                w.key("rejectedCounts")
                w.object(sorted: rejectedCounts) { n, w in w.int(n) }
            }
            w.key("status")
            w.string(status)
            w.key("timeline")
            w.array(of: timeline)
            w.key("why")
            w.string(why)
            w.key("workload")
            w.string(workload)
        }
    }
}

extension RecommendationsBody.Phase {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            if let capability {
                w.key("capability")
                w.string(capability)
            }
            w.key("cloud")
            w.string(cloud)
            w.key("flags")
            w.array { w in
                for flag in flags {
                    w.element()
                    w.string(flag)
                }
            }
            w.key("from")
            w.string(from)
            if let illustrative {
                w.key("illustrative")
                w.bool(illustrative)
            }
            w.key("region")
            w.string(region)
            w.key("until")
            w.stringOrNull(until)
        }
    }
}

extension RecommendationsBody.Candidate {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.key("availableFrom")
            w.string(availableFrom)
            w.optional("capability", capability)
            w.key("cloud")
            w.string(cloud)
            w.key("dateKind")
            w.string(dateKind)
            if let illustrative {
                w.key("illustrative")
                w.bool(illustrative)
            }
            w.key("overdue")
            w.bool(overdue)
            w.optional("processing", processing)
            w.key("rank")
            w.int(rank)
            w.key("region")
            w.string(region)
            w.key("retires")
            w.stringOrNull(retires)
            w.optional("source", source)
            w.optional("stage", stage)
        }
    }
}

extension RecommendationsBody.Rejection {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.optional("availableFrom", availableFrom)
            w.optional("capability", capability)
            w.key("cloud")
            w.string(cloud)
            w.optional("dateKind", dateKind)
            w.optional("detail", detail)
            w.optional("processing", processing)
            w.key("reason")
            w.string(reason)
            w.key("region")
            w.string(region)
            w.key("retires")
            w.stringOrNull(retires)
            w.optional("source", source)
            w.optional("stage", stage)
        }
    }
}

extension RecommendationsBody.Stale {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.key("catalogInForce")
            w.string(catalogInForce)
            w.key("errors")
            w.array { w in
                for error in errors {
                    w.element()
                    w.string(error)
                }
            }
            w.key("reason")
            w.string(reason)
        }
    }
}

extension JSONWriter {
    /// A string member, left out when nil.
    fileprivate mutating func optional(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        string(value)
    }
}
