import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartStore
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// The HTTP API over a ``PlanService``: typed JSON in and out, problem details for errors. The
/// only place that knows HTTP statuses (service errors become problems in ``ProblemMiddleware``).
public struct APIRouter: Sendable {
    let service: PlanService
    let maxBodyBytes: Int
    let version: String
    let peerCredentials: @Sendable ((any Channel)?) async -> PeerCredentials?

    /// - Parameter peerCredentials: how a request's caller is known; the socket's SO_PEERCRED unless a test says otherwise.
    public init(
        service: PlanService,
        maxBodyBytes: Int = 1 << 20,
        version: String,
        peerCredentials: @escaping @Sendable ((any Channel)?) async -> PeerCredentials? = { await PeerCredentials.of($0) }
    ) {
        self.service = service
        self.maxBodyBytes = maxBodyBytes
        self.version = version
        self.peerCredentials = peerCredentials
    }

    /// The router with every route and middleware.
    public func router() -> Router<HeadstartRequestContext> {
        let router = Router(context: HeadstartRequestContext.self)
        // Outermost, so refused requests count with their status too.
        router.middlewares.add(RequestMetricsMiddleware())
        router.middlewares.add(PeerCredentialsMiddleware(resolve: peerCredentials))
        router.middlewares.add(HeadMiddleware())
        router.middlewares.add(ProblemMiddleware<HeadstartRequestContext>(maxBodyBytes: maxBodyBytes))
        let routes = RouteTable()
        router.middlewares.add(MethodMiddleware(routes: routes))
        // Every GET route answers HEAD too (``HeadMiddleware`` drops the body).
        func get<Output: ResponseGenerator>(
            _ path: RouterPath,
            _ handler: @escaping @Sendable (Request, HeadstartRequestContext) async throws -> Output
        ) {
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
        get("/v1/plans/:name/export/:target", getExport)
        router.post("/v1/replan", use: replan)
        get("/v1/catalog", getCatalog)
        get("/v1/catalog/lags", getCatalogLags)
        router.put("/v1/catalog", use: putCatalog)
        get("/v1/listings", listListings)
        router.put("/v1/listings/:cloud/:region", use: putListing)
        router.put("/v1/listings/:cloud/:region/:listing", use: putListing)
        get("/v1/events", EventStream(service: service).handle)
        routes.record(router)
        return router
    }

    // MARK: Handlers

    @Sendable func health(_ request: Request, context: HeadstartRequestContext) async throws -> HealthBody {
        try await service.health(version: version, caller: .peer(context.peer))
    }

    @Sendable func metrics(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let page = DaemonMetrics.scrape(try await service.metricsState())
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: page)))
    }

    @Sendable func listPlans(_ request: Request, context: HeadstartRequestContext) async throws -> PlanListBody {
        try await service.plans(caller: .peer(context.peer))
    }

    @Sendable func putPlan(_ request: Request, context: HeadstartRequestContext) async throws -> EditedResponse<PlanStoredBody> {
        let name = try Self.name(context)
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let submission = try await service.submitPlan(
            yaml: Data(buffer: body),
            expectedName: name,
            file: "\(name).yaml",
            caller: .peer(context.peer)
        )
        // The stored document goes out as it is: parsing and re-encoding it cost more than planning.
        let stored = PlanStoredBody(
            name: submission.name,
            revision: submission.revision,
            recommendations: .written(JSONFragment(submission.document))
        )
        return EditedResponse(status: submission.created ? .created : .ok, response: stored)
    }

    @Sendable func getPlan(_ request: Request, context: HeadstartRequestContext) async throws -> PlanBody {
        try await service.planBody(
            named: try Self.name(context),
            revision: try Self.intQuery(request, "revision"),
            caller: .peer(context.peer)
        )
    }

    @Sendable func deletePlan(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        try await service.delete(name: try Self.name(context), caller: .peer(context.peer))
        return Response(status: .noContent)
    }

    @Sendable func getRecommendations(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let explain = try Self.boolQuery(request, "explain") ?? false
        if let asOf = request.uri.queryParameters["asOf"].map(String.init) {
            guard let day = Day(iso: asOf) else { throw Problem(.badRequest, "asOf must be a date YYYY-MM-DD, found '\(asOf)'") }
            return Self.json(ByteBuffer(bytes: try await service.whatIf(name, asOf: day, explain: explain, caller: .peer(context.peer))))
        }
        return Self.json(try await service.recommendationsBody(of: name, explained: explain, caller: .peer(context.peer)))
    }

    @Sendable func getReport(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let page = try await service.report(try Self.name(context), caller: .peer(context.peer))
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    /// A plan's current placements as a LiteLLM config or Terraform JSON: read access as the plan's.
    @Sendable func getExport(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let raw = try context.parameters.require("target")
        guard let target = ExportTarget(rawValue: raw) else {
            throw Problem(.notFound, "no export named '\(raw)': \(ExportTarget.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        let bytes = try await service.export(name, as: target, caller: .peer(context.peer))
        var headers = HTTPFields()
        headers[.contentType] = target.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    @Sendable func replan(_ request: Request, context: HeadstartRequestContext) async throws -> ReplanBody {
        let names = request.uri.queryParameters["plan"].map { [String($0)] }
        return try await service.replan(names, caller: .peer(context.peer))
    }

    @Sendable func getCatalog(_ request: Request, context: HeadstartRequestContext) async throws -> Response {
        Self.json(ByteBuffer(bytes: try await service.catalogDocument()))
    }

    @Sendable func getCatalogLags(_ request: Request, context: HeadstartRequestContext) async throws -> HeadStartBody {
        await service.headStart()
    }

    @Sendable func putCatalog(_ request: Request, context: HeadstartRequestContext) async throws -> CatalogReplacedBody {
        let body = try await request.body.collect(upTo: maxBodyBytes)
        return try await service.replaceCatalog(yaml: Data(buffer: body), file: "catalog.yaml", caller: .peer(context.peer))
    }

    @Sendable func listListings(_ request: Request, context: HeadstartRequestContext) async throws -> ListingListBody {
        try await service.listingList()
    }

    /// `PUT /v1/listings/{cloud}/{region}[/{name}]?observedOn=DAY`: one cloud listing, its JSON as the cloud printed it.
    @Sendable func putListing(_ request: Request, context: HeadstartRequestContext) async throws -> ListingStoredBody {
        // Before the body is read: a listing may be large, and only administrators may send one.
        guard service.policy.isAdmin(.peer(context.peer)) else {
            throw ServiceError(.forbidden, "only root, the daemon's user and the admin group may submit listings")
        }
        let place = ListingKeeper.Place(
            cloud: try Self.segment(context, "cloud"),
            region: try Self.segment(context, "region"),
            name: try context.parameters.get("listing").map { _ in try Self.segment(context, "listing") }
        )
        var observedOn: Day?
        if let text = request.uri.queryParameters["observedOn"] {
            guard let day = Day(iso: String(text)) else { throw Problem(.badRequest, "observedOn must be a date YYYY-MM-DD, found '\(text)'") }
            observedOn = day
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ListingReader.maxBytes)
        } catch is NIOTooManyBytesError {
            var close = HTTPFields()
            close[.connection] = "close"
            throw Problem(.tooLarge, "the listing is over the \(ListingReader.maxBytes >> 20) MiB limit", headers: close)
        }
        let file = "\(place.cloud)/\(place.region)" + (place.name.map { ".\($0)" } ?? "") + ".json"
        return try await service.submitListing(
            json: Data(buffer: body),
            at: place,
            observedOn: observedOn,
            file: file,
            caller: .peer(context.peer)
        )
    }

    // MARK: Helpers

    /// A path segment naming a cloud, region or listing: percent-decoded, letters, digits, `-`, `_` and `.` only.
    static func segment(_ context: HeadstartRequestContext, _ key: String) throws -> String {
        let raw = try context.parameters.require(key)
        guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty, !decoded.hasPrefix("."),
            decoded.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        else {
            throw Problem(.badRequest, "the \(key) in the path must be letters, digits, '-', '_' or '.', found '\(raw)'")
        }
        return decoded
    }

    /// JSON already encoded: a stored document, a what-if, the catalog.
    static func json(_ body: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
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
