import Foundation
@testable import headstart
import Testing

/// `watch`'s readable lines for events whose wording the lifecycle rules added.
@Suite struct EventTextTests {
    @Test func crossedRetirementDaysAreMarked() {
        let event: [String: Any] = [
            "revision": 7, "time": "2026-12-12T00:00:00.000Z", "type": "recommendations-changed", "plan": "bank",
            "changedBecause": "time", "trigger": "nextReplanAt", "boundaries": ["2026-12-01", "2026-12-11"], "retirements": ["2026-12-11"],
            "changes": [["workload": "w", "capability": "o3", "before": NSNull(), "after": NSNull()]],
        ]
        let lines = EventText.lines(event)
        #expect(lines == ["7 2026-12-12T00:00:00Z recommendations-changed bank w/o3: none (time: 2026-12-01, 2026-12-11 (retirement) reached, nextReplanAt)"])
    }

    @Test func aCatalogLineNamesTheCapabilityOfEachChangedOffer() {
        let event: [String: Any] = [
            "revision": 3, "time": "2026-12-01T00:00:00.000Z", "type": "catalog-replaced", "plan": NSNull(),
            "previousVersion": "a", "version": "b",
            "offers": [["capability": "gpt-4.1", "summary": "azure swedencentral retires 2027-04-14 -> 2027-06-30"]],
        ]
        #expect(EventText.lines(event) == ["3 2026-12-01T00:00:00Z catalog-replaced a -> b: gpt-4.1 azure swedencentral retires 2027-04-14 -> 2027-06-30"])
    }
}
