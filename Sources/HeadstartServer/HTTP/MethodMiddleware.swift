import Foundation
import Hummingbird
import Synchronization

/// `HEAD`, routed with every `GET`: the answer's headers (its Content-Length included) without
/// its body, for errors too, so the connection stays usable. Outside ``ProblemMiddleware``, so
/// an error's headers are those of its problem document.
struct HeadMiddleware: RouterMiddleware {
    typealias Context = HeadstartRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .head else { return try await next(request, context) }
        var context = context
        context.isHead = true
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        return Response(
            status: response.status,
            headers: response.headers,
            body: ResponseBody(contentLength: response.body.contentLength) { writer in
                try await writer.finish(nil)
            }
        )
    }
}

/// A known path asked with a method it does not take answers 405 with an `Allow` header, where
/// Hummingbird's router says 404.
struct MethodMiddleware: RouterMiddleware {
    typealias Context = HeadstartRequestContext
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty else { throw error }
            var headers = HTTPFields()
            headers[.allow] = allowed.joined(separator: ", ")
            throw Problem(
                .methodNotAllowed,
                "\(request.method) is not allowed on \(PathText.readable(request.uri.path)); allowed: \(headers[.allow] ?? "")",
                headers: headers
            )
        }
    }
}

/// The router's paths and their methods, filled once the routes are registered.
final class RouteTable: Sendable {
    private let entries = Mutex<[(segments: [Substring], methods: [String])]>([])

    /// Records every route of `router`, as `Router.routes` lists them.
    func record(_ router: Router<HeadstartRequestContext>) {
        var byPath: [String: [String]] = [:]
        for route in router.routes { byPath["\(route.path)", default: []].append(route.method.rawValue) }
        let table = byPath.map { path, methods -> (segments: [Substring], methods: [String]) in
            (path.split(separator: "/"), Set(methods).sorted())
        }
        entries.withLock { $0 = table }
    }

    /// The methods a path takes, sorted; empty for an unknown path.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = entries.withLock { table in
            table.filter { entry in
                entry.segments.count == segments.count
                    && zip(entry.segments, segments).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
            }
        }
        return Array(Set(matching.flatMap(\.methods))).sorted()
    }
}

/// Paths as people wrote them: percent-encoding decoded for messages.
enum PathText {
    static func readable(_ path: String) -> String { path.removingPercentEncoding ?? path }
}
