import HeadstartEngine
import HeadstartFormats
import HeadstartStore

extension DaemonLimits {
    /// The one way the daemon reads a plan: its YAML decoded against `catalog` with the YAML
    /// limits in force, so a plan accepted under raised limits is re-planned, asked about and
    /// exported under them too.
    func decodePlan(_ yaml: [UInt8], file: String, catalog: Catalog) throws(DocumentError) -> WorkloadPlan {
        try PlanDecoder(catalog: catalog, limits: self.yaml).decode(yaml, file: file)
    }
}

extension ServiceContext {
    /// A stored revision read back, as a submission of it was.
    func decodeStoredPlan(_ revision: PlanRevision, catalog: Catalog) throws(DocumentError) -> WorkloadPlan {
        try limits.decodePlan(Array(revision.yaml), file: "\(revision.plan).yaml", catalog: catalog)
    }
}
