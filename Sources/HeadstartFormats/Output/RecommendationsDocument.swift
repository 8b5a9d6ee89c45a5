import HeadstartEngine

/// The JSON form of ``Recommendations``: camelCase keys, `YYYY-MM-DD` dates, explicit nulls.
/// With `explain`, each recommendation also carries its candidates, rejections and diagnosis.
/// Written by ``JSONWriter`` (see `RecommendationsDocument+Writer.swift`) and read back by
/// ``decode(_:)``.
public struct RecommendationsDocument: Sendable {
    let recommendations: Recommendations
    let explain: Bool
    /// Only the status counts and per-capability placements, without the recommendations.
    let summaryOnly: Bool

    public init(_ recommendations: Recommendations, explain: Bool, summaryOnly: Bool = false) {
        self.recommendations = recommendations
        self.explain = explain
        self.summaryOnly = summaryOnly
    }
}
