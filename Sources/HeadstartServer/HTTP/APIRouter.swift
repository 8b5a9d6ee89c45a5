import Foundation
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// The HTTP API over a ``PlanService``: JSON in and out, problem details for errors.
public struct APIRouter: Sendable {
    let service: PlanService
    let maxBodyBytes: Int
    let version: String
    let peerCredentials: @Sendable ((any Channel)?) async -> PeerCredentials?

    /// - Parameter peerCredentials: how a request's caller is known; the socket's SO_PEERCRED unless a test says otherwise.
    public init(service: PlanService, maxBodyBytes: Int = 1 << 20, version: String,
                peerCredentials: @escaping @Sendable ((any Channel)?) async -> PeerCredentials? = { await PeerCredentials.of($0) }) {
        self.service = service
        self.maxBodyBytes = maxBodyBytes
        self.version = version
        self.peerCredentials = peerCredentials
    }

    /// The router with every route and middleware.
    public func router() -> Router<HeadstartRequestContext> {
        let router = Router(context: HeadstartRequestContext.self)
        // Outermost, so refused requests count with their status too.
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(PeerCredentialsMiddleware(resolve: peerCredentials))
        router.middlewares.add(HeadMiddleware())
        router.middlewares.add(ProblemMiddleware<HeadstartRequestContext>(maxBodyBytes: maxBodyBytes))
        let routes = RouteTable()
        router.middlewares.add(MethodMiddleware(routes: routes))
        // Every GET route answers HEAD too (``HeadMiddleware`` drops the body).
        func get(_ path: RouterPath, _ handler: @escaping @Sendable (Request, HeadstartRequestContext) async throws -> Response) {
            router.get(path, use: handler)
            router.head(path, use: handler)
        }
        get("/healthz", health)
        get("/metrics", metrics)
        router.put("/v1/plans/:name", use: putPlan)
        router.delete("/v1/plans/:name", use: deletePlan)
        get("/v1/plans", listPlans)
        get("/v1/plans/:name", getPlan)
        get("/v1/plans/:name/recommendations", getRecommendations)
        get("/v1/plans/:name/report", getReport)
        router.post("/v1/replan", use: replan)
        get("/v1/catalog", getCatalog)
        router.put("/v1/catalog", use: putCatalog)
        get("/v1/events", EventStream(service: service).handle)
        routes.record(router)
        return router
    }

    // MARK: Handlers

    @Sendable func health(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let h = try await service.health(caller: .peer(context.peer))
        return try Self.json([
            "status": "ok", "version": version, "uptimeSeconds": (h.uptimeSeconds * 1000).rounded() / 1000, "plans": h.plans,
            "catalogVersion": h.catalogVersion, "catalogSource": h.catalogSource.rawValue, "lastEventRevision": h.lastEventRevision,
            "watchers": h.watchers, "stalePlans": h.stalePlans, "connections": h.connections,
        ])
    }

    @Sendable func metrics(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try await DaemonMetrics.scrape(service))))
    }

    @Sendable func listPlans(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let listings = try await service.plans(caller: .peer(context.peer))
        let plans: [[String: Any]] = listings.map { listing in
            let summary = listing.recommendations.flatMap { try? JSONSerialization.jsonObject(with: $0.summary) } ?? NSNull()
            return [
                "name": listing.record.name, "owner": listing.record.owner ?? NSNull(), "revision": listing.record.revision,
                "updated": Timestamp.string(listing.record.updatedAt), "summary": summary,
                "nextReplanAt": listing.recommendations?.nextReplanAt ?? NSNull(), "asOf": listing.recommendations?.asOf ?? NSNull(),
                "catalogVersion": listing.recommendations?.catalogVersion ?? NSNull(),
                "status": listing.recommendations?.stale == nil ? "current" : "stale",
            ]
        }
        return try Self.json(["plans": plans])
    }

    @Sendable func putPlan(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let submission = try await service.submit(yaml: Data(buffer: body), expectedName: name, file: "\(name).yaml", caller: .peer(context.peer))
        // The stored document goes in as it is: parsing and re-encoding it cost more than planning.
        let object = JSONOutput.indentedObject([
            ("name", Data(try JSONObjectEncoder.encode(submission.name))),
            ("recommendations", submission.document),
            ("revision", Data(String(submission.revision).utf8)),
        ])
        return Self.json(data: object, status: submission.created ? .created : .ok)
    }

    @Sendable func getPlan(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let revision = try Self.intQuery(request, "revision")
        let (record, rev) = try await service.plan(named: name, revision: revision, caller: .peer(context.peer))
        return try Self.json([
            "name": record.name, "owner": record.owner ?? NSNull(), "revision": rev.revision, "latestRevision": record.revision,
            "submitted": Timestamp.string(rev.submittedAt), "submitterUid": rev.submitterUID.map { Int($0) as Any } ?? NSNull(),
            "ownerUid": record.ownerUID.map { Int($0) as Any } ?? NSNull(), "created": Timestamp.string(record.createdAt),
            "yaml": String(decoding: rev.yaml, as: UTF8.self),
        ])
    }

    @Sendable func deletePlan(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let name = try Self.name(context)
        try await service.delete(name: name, caller: .peer(context.peer))
        return Response(status: .noContent)
    }

    @Sendable func getRecommendations(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let explain = try Self.boolQuery(request, "explain") ?? false
        if let asOf = request.uri.queryParameters["asOf"].map(String.init) {
            guard let day = Day(iso: asOf) else { throw Problem(.badRequest, "asOf must be a date YYYY-MM-DD, found '\(asOf)'") }
            return Self.json(data: try await service.whatIf(name, asOf: day, explain: explain, caller: .peer(context.peer)))
        }
        let body = try await service.recommendationsBody(of: name, explained: explain, caller: .peer(context.peer))
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    @Sendable func getReport(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let page = try await service.report(name, caller: .peer(context.peer))
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    @Sendable func replan(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let names = request.uri.queryParameters["plan"].map { [String($0)] }
        let results = try await service.replan(names, caller: .peer(context.peer))
        let objects: [[String: Any]] = results.map { r in
            var object: [String: Any] = ["plan": r.plan, "changed": r.changed, "changes": (try? JSONSerialization.jsonObject(with: r.changes)) ?? []]
            if let invalid = r.invalid { object["invalid"] = invalid }
            return object
        }
        return try Self.json(["replanned": objects.count, "changed": results.filter(\.changed).count,
                              "invalid": results.filter { $0.invalid != nil }.count, "plans": objects])
    }

    @Sendable func getCatalog(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        Self.json(data: try await service.catalogDocument())
    }

    @Sendable func putCatalog(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let done = try await service.replaceCatalog(yaml: Data(buffer: body), file: "catalog.yaml", caller: .peer(context.peer))
        return try Self.json(["version": done.version, "replanned": done.replans.count, "changed": done.replans.filter(\.changed).map(\.plan),
                              "invalid": done.invalid])
    }

    // MARK: Helpers

    static func json(_ object: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        let compact = try JSONObjectEncoder.encode(object)
        return json(data: JSONOutput.indent(compact), status: status)
    }

    static func json(data: Data, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The `{name}` segment, percent-decoded: `%61b` is the plan `ab`.
    static func name(_ context: HeadstartRequestContext) throws -> String {
        let raw = try context.parameters.require("name")
        guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
            throw Problem(.badRequest, "the plan name in the path is not valid percent-encoding: '\(raw)'")
        }
        return decoded
    }

    /// A boolean query parameter: `true`, `false`, `1` or `0` in any case; anything else is a 400,
    /// never a silent false.
    static func boolQuery(_ request: Request, _ name: String) throws -> Bool? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw Problem(.badRequest, "\(name) must be true, false, 1 or 0, found '\(text)'")
        }
    }

    static func intQuery(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters[Substring(name)] else { return nil }
        guard let value = Int(String(text)), value > 0 else { throw Problem(.badRequest, "\(name) must be a positive whole number, found '\(text)'") }
        return value
    }
}
