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

    /// Every service code meets its problem kind; the codes are closed, so this table is all of them.
    @Test(arguments: [
        ("invalid-document", "invalid-document", 422), ("name-mismatch", "name-mismatch", 409), ("not-found", "not-found", 404),
        ("forbidden", "forbidden", 403), ("limit-reached", "limit-reached", 507), ("catalog-managed-by-file", "catalog-managed-by-file", 409),
        ("store-full", "store-full", 507), ("store-failed", "store-failed", 500), ("store-corrupt", "store-corrupt", 500),
        ("encoding-failed", "encoding-failed", 500), ("not-leader", "store-failed", 500),
    ])
    func everyServiceCodeMeetsItsProblem(_ raw: String, _ problem: String, _ status: Int) throws {
        let code = try #require(ServiceError.Code.all.first { $0.rawValue == raw })
        let kind = Problem.kind(of: code)
        #expect(kind.code == problem && Int(kind.status.code) == status)
        #expect(Problem(ServiceError(code, "d")).kind == kind)
    }

    /// The table above is every code there is, each once.
    @Test func theServiceCodesAreEleven() {
        #expect(ServiceError.Code.all.count == 11 && Set(ServiceError.Code.all).count == 11)
        #expect(ServiceError.Code.all.map(\.description) == ServiceError.Code.all.map(\.rawValue))
    }

    /// A status Hummingbird raises that no kind names is answered under its own number.
    @Test func anUnexpectedStatusKeepsItsNumber() {
        let kind = Problem.Kind.unexpected(.gatewayTimeout)
        #expect(kind.code == "http-504" && kind.title == "Gateway Timeout" && kind.type == "urn:headstart:problem:http-504")
    }

    /// Problem types share one prefix, the API's, so a client reads the code back from any of them.
    @Test func oneURNPrefix() {
        #expect(Problem.Kind.encodingFailed.type == ProblemBody.urnPrefix + "encoding-failed")
        #expect(ProblemBody.urnPrefix == "urn:headstart:problem:")
    }
}
