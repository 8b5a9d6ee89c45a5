import HeadstartEngine
import HeadstartFormats
import HeadstartStore

extension ServiceContext {
    /// The one way a stored plan is read back: its YAML decoded against `catalog` with the YAML
    /// limits in force, the same ones a submission is held to, so a plan accepted under raised
    /// limits is re-planned, asked about and exported under them too.
    func decodeStoredPlan(_ revision: PlanRevision, catalog: Catalog) throws(DecodingError) -> WorkloadPlan {
        try PlanDecoder(catalog: catalog, limits: limits.yaml).decode(Array(revision.yaml), file: "\(revision.plan).yaml")
    }
}
