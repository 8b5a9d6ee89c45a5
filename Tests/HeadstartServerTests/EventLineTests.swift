import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Testing

@testable import HeadstartServer

/// A watcher's line is the typed event through the API's encoder: it reads back as the same
/// event, and it is what Foundation's `JSONEncoder` with sorted keys writes for the same value.
@Suite struct EventLineTests {
    static let time = Date(timeIntervalSince1970: 1_795_694_400.25)
    static let phase = RecommendationsBody.Phase(
        capability: "gpt",
        cloud: "aws",
        flags: ["expected"],
        from: "2026-11-20",
        region: "eu-central-1",
        until: nil
    )
    static let change = RecommendationChange(
        workload: "w,x}",
        capability: "gpt",
        before: nil,
        after: .init(status: "placed", current: phase, timeline: [phase])
    )

    static let events: [Event] = [
        .planSubmitted(PlanSubmitted(planRevision: 3, submitterUid: nil, created: true)),
        .planDeleted(PlanDeleted(planRevision: 2)),
        .recommendationsChanged(RecommendationsChanged(because: .plan(Transition(from: nil, to: 1)), changes: [change])),
        .recommendationsChanged(
            RecommendationsChanged(
                because: .time(
                    trigger: .schedule,
                    asOf: Transition(from: "2026-11-20", to: "2026-11-26"),
                    boundaries: ["2026-11-25"],
                    retirements: []
                ),
                changes: [change],
                staleCleared: true,
                heldBack: [HeldBack(workload: "w", capability: "gpt", cloud: "aws", region: "r", until: "2027-01-01", wouldMoveTo: nil)]
            )
        ),
        .recommendationsChanged(
            RecommendationsChanged(
                because: .catalog(
                    versions: Transition(from: "a", to: "b"),
                    offers: [OfferChange(capability: "gpt", cloud: "aws", region: "r", change: .date, before: "since 2026-01-01", after: nil)]
                ),
                changes: [change]
            )
        ),
        .recommendationsChanged(RecommendationsChanged(because: .catalog(versions: Transition(from: "a", to: "b"), offers: nil), changes: [])),
        .replanned(Replanned(trigger: .catchUp, staleCleared: nil, heldBack: nil)),
        .planInvalid(PlanInvalid(catalogVersion: "b", plannedWith: nil, errors: ["p.yaml:1:1: error: \"quoted\" \\ and\ttab"])),
        .catalogReplaced(CatalogReplaced(version: "b", previousVersion: "a", replacedByUid: 0, offers: [], source: .api)),
        .catalogRejected(CatalogRejected(file: "/etc/headstart/catalog.yaml", errors: [], inForce: "a")),
        .shutdown,
        .resync(Resync(reason: .pruned, resumeFrom: 41)),
    ]

    static func foundation(_ line: EventLine) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.string(date))
        }
        return String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
    }

    @Test(arguments: 0..<events.count)
    func linesReadBackAndMatchFoundation(index: Int) throws {
        for plan in ["rheinbank-ai", nil] as [String?] {
            let line = EventLine(revision: index == Self.events.count - 1 ? nil : 42, plan: plan, time: Self.time, event: Self.events[index])
            let bytes = try APIJSON.line(line)
            #expect(try APIJSON.decode(EventLine.self, from: Data(bytes)) == line)
            #expect(String(decoding: bytes, as: UTF8.self) == (try Self.foundation(line)))
        }
    }

    /// The log stores the payload alone; read back with its type, it is the same event.
    @Test(arguments: 0..<events.count - 1)
    func storedPayloadsReadBack(index: Int) throws {
        let event = Self.events[index]
        let payload = try JSONValueEncoder.compact(Event.Payload(event))
        #expect(try Event.decode(type: event.type, payload: Data(payload)) == event)
        let stored = StoredEvent(revision: 7, type: event.type.rawValue, plan: "p", time: Self.time, payload: Data(payload))
        let logged = try LoggedEvent(stored)
        #expect(logged.line == (try APIJSON.line(EventLine(revision: 7, plan: "p", time: Self.time, event: event))))
    }

    /// The daemon writes a line from the payload's tree it stored; that is the typed line's bytes.
    @Test(arguments: 0..<events.count)
    func aLineFromTheStoredTreeIsTheTypedLine(index: Int) throws {
        let event = Self.events[index]
        let tree = try JSONValueEncoder.node(Event.Payload(event))
        for (revision, plan) in [(Int64(42), "p"), (nil, nil)] as [(Int64?, String?)] {
            let fast = EventLine.line(revision: revision, plan: plan, time: Self.time, type: event.type, payload: tree)
            #expect(fast == (try APIJSON.line(EventLine(revision: revision, plan: plan, time: Self.time, event: event))))
        }
    }

    /// A replayed event's line is spliced from the stored payload's bytes, not decoded and
    /// encoded again: the same bytes as the typed line, strings with braces and commas included.
    @Test(arguments: 0..<events.count)
    func aLineFromTheStoredBytesIsTheTypedLine(index: Int) throws {
        let event = Self.events[index]
        let payload = try JSONValueEncoder.compact(Event.Payload(event))
        for (revision, plan) in [(Int64(42), "p"), (nil, nil)] as [(Int64?, String?)] {
            let spliced = EventLine.line(revision: revision, plan: plan, time: Self.time, type: event.type, storedPayload: payload)
            #expect(spliced == (try APIJSON.line(EventLine(revision: revision, plan: plan, time: Self.time, event: event))))
        }
    }

    /// Stored bytes that are not one JSON object are read as a typed event, which refuses them.
    @Test(arguments: ["", "[]", "{", #"{"a":1"#, #"{"a":1}{"#, #"{"a"}"#, "not json"])
    func aPayloadThatIsNoObjectIsNotSpliced(_ text: String) {
        #expect(EventLine.line(revision: 1, plan: "p", time: Self.time, type: .planDeleted, storedPayload: Array(text.utf8)) == nil)
        let stored = StoredEvent(revision: 1, type: "plan-deleted", plan: "p", time: Self.time, payload: Data(text.utf8))
        #expect(throws: (any Error).self) { try LoggedEvent(stored) }
    }

    @Test func anUnknownTypeOrAMissingFieldIsAnErrorNotADefault() {
        #expect(throws: APIJSON.Unreadable.self) {
            try APIJSON.decode(EventLine.self, from: Data(#"{"plan":null,"revision":1,"time":"2026-11-26T12:00:00.000Z","type":"party"}"#.utf8))
        }
        #expect(throws: APIJSON.Unreadable.self) {
            try APIJSON.decode(EventLine.self, from: Data(#"{"plan":"p","revision":1,"time":"2026-11-26T12:00:00.000Z","type":"plan-deleted"}"#.utf8))
        }
    }
}

/// The recommendation diff compares typed values.
@Suite struct RecommendationDiffTests {
    static func body(asOf: String, catalog: String = "a", region: String, capability: String? = "gpt") throws -> RecommendationsBody {
        let capabilityField = capability.map { #""capability": "\#($0)", "# } ?? ""
        let json = """
            {
              "apiVersion": "headstart/v1", "asOf": "\(asOf)", "byCapability": {}, "catalogVersion": "\(catalog)", "kind": "Recommendations",
              "nextReplanAt": null, "plan": "p",
              "recommendations": [
                {
                  "capability": "gpt", "current": null, "rejectedCounts": {}, "status": "placed", "why": "",
                  "timeline": [{ \(capabilityField)"cloud": "aws", "flags": [], "from": "2026-11-20", "region": "\(region)", "until": null }],
                  "workload": "w"
                }
              ],
              "summary": { "placed": 1 }
            }
            """
        return try APIJSON.decode(RecommendationsBody.self, from: Data(json.utf8))
    }

    /// What a diff reads of `body`, read as the daemon reads a stored document.
    static func stored(_ body: RecommendationsBody) throws -> RecommendationDiff.Stored {
        try APIJSON.decode(RecommendationDiff.Stored.self, from: Data(try APIJSON.body(body)))
    }

    @Test func onlyTheSameRecommendationsAreTheSame() throws {
        let base = try Self.body(asOf: "2026-11-26", region: "eu-central-1")
        #expect(
            RecommendationDiff.changes(
                from: try Self.stored(base),
                to: try Self.body(asOf: "2026-11-26", catalog: "b", region: "eu-central-1").value()
            ).isEmpty
        )
        #expect(
            RecommendationDiff.changes(from: try Self.stored(base), to: try Self.body(asOf: "2026-11-26", catalog: "b", region: "eu-west-1").value())
                .count == 1
        )
        #expect(RecommendationDiff.changes(from: nil, to: try base.value()).count == 1)
    }

    @Test func aSuccessorsPhaseOnTheSameCloudIsAChange() throws {
        // A document stored before phases named their capability reads as the need's own.
        let unnamed = try Self.body(asOf: "2026-11-26", region: "r", capability: nil)
        #expect(
            RecommendationDiff.changes(from: try Self.stored(unnamed), to: try Self.body(asOf: "2026-11-26", region: "r", capability: "gpt").value())
                .isEmpty
        )
        #expect(
            RecommendationDiff.changes(
                from: try Self.stored(unnamed),
                to: try Self.body(asOf: "2026-11-26", region: "r", capability: "gpt-next").value()
            ).count == 1
        )
    }
}
