import Foundation
import HeadstartAPI
import HeadstartStore
import Hummingbird
import Testing

@testable import HeadstartServer

/// Each error is named for what failed: a document the daemon could not encode is not a store
/// failure, and data the store holds but the daemon cannot read is not one either. The codes are
/// the problem document's URN, so they are pinned here with their titles and statuses.
@Suite struct ErrorNamingTests {
    struct Case: Sendable, CustomStringConvertible {
        var code: ServiceError.Code
        var raw: String
        var title: String
        var status: Int
        var description: String { raw }
    }

    static let cases: [Case] = [
        Case(code: .encodingFailed, raw: "encoding-failed", title: "The daemon could not write the document", status: 500),
        Case(code: .storeCorrupt, raw: "store-corrupt", title: "The store holds data the daemon cannot read", status: 500),
        Case(code: .storeFailed, raw: "store-failed", title: "The store failed", status: 500),
        Case(code: .storeFull, raw: "store-full", title: "The disk is full; nothing was changed", status: 507),
    ]

    @Test(arguments: cases)
    func theProblemSaysWhatFailed(_ c: Case) throws {
        #expect(c.code.rawValue == c.raw)
        let problem = Problem(ServiceError(c.code, "could not encode the recommendations: x"))
        let body = try JSONDecoder().decode(ProblemBody.self, from: Data(problem.body(instance: "/v1/plans/p")))
        #expect(body.type == "urn:headstart:problem:\(c.raw)" && body.code == c.raw)
        #expect(body.title == c.title && body.status == c.status && Int(problem.status.code) == c.status)
        #expect(body.detail == "could not encode the recommendations: x" && body.instance == "/v1/plans/p")
    }

    /// A store error keeps its meaning on its way to the caller.
    @Test(arguments: [
        (StoreError.Code.corrupt, ServiceError.Code.storeCorrupt), (.diskFull, .storeFull), (.failed, .storeFailed),
        (.timedOut, .storeFailed), (.notLeader, .notLeader),
    ])
    func aStoreErrorKeepsItsMeaning(_ store: StoreError.Code, _ service: ServiceError.Code) {
        let error = ServiceError(StoreError(store, "placement.since holds 'x', not a day YYYY-MM-DD"))
        #expect(error.code == service && error.detail == "placement.since holds 'x', not a day YYYY-MM-DD")
    }

    /// Problem types share one prefix, the API's, so a client reads the code back from any of them.
    @Test func oneURNPrefix() {
        #expect(Problem.Kind.encodingFailed.type == ProblemBody.urnPrefix + "encoding-failed")
        #expect(ProblemBody.urnPrefix == "urn:headstart:problem:")
    }
}
