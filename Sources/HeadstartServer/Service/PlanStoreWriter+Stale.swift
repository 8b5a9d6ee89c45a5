import Foundation
import HeadstartAPI
import HeadstartStore

extension PlanStoreWriter {
    /// Marks a plan's stored answer stale, and its two documents with it, once: so every read
    /// serves the stored bytes, and no client takes the old answer for a current one. The answer
    /// as it was before, nil when the plan has none.
    @discardableResult
    func markAnswerStale(_ plan: String, _ stale: StoredRecommendations.Stale) async throws -> StoredRecommendations? {
        guard let before = try await recommendations(of: plan) else { return nil }
        var stored = before
        stored.stale = stale
        stored.document = Data(Queries.marked(stored.document, stale: stale))
        stored.explained = Data(Queries.marked(stored.explained, stale: stale))
        try await saveRecommendations(stored)
        return before
    }
}
