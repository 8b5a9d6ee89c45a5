import CoreMetrics
import Dispatch
import HTTPTypes
import Hummingbird
import Synchronization

/// Request metrics under the names and labels of Hummingbird's `MetricsMiddleware`
/// (`hb_requests`, `http_server_request_duration`, `hb_request_errors`,
/// `http_server_active_requests`), recorded without rewrapping the response.
///
/// Hummingbird's middleware records after the body is written by turning every body into a
/// closure, which takes a one-buffer response off its direct write: that cost small reads
/// about a sixth of their rate. Here a body whose length is known (a stored document, a
/// problem) is counted when the handler returns, since writing it is one buffer handed to the
/// channel; only a streamed body (the watch stream) is wrapped, so its duration is the stream's.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    private let handles = Handles()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let active = handles.active(request.method)
        active.increment()
        do {
            var response = try await next(request, context)
            let endpoint = handles.endpoint(.init(route: context.endpointPath ?? "Unknown", method: request.method, status: response.status))
            if response.body.contentLength != nil {
                endpoint.record(since: start)
                active.decrement()
            } else {
                let body = response.body
                response.body = ResponseBody { writer in
                    defer {
                        endpoint.record(since: start)
                        active.decrement()
                    }
                    try await body.write(writer)
                }
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let endpoint = handles.endpoint(.init(route: context.endpointPath ?? "NotFound", method: request.method, status: status))
            endpoint.counter.increment()
            endpoint.errors.increment()
            active.decrement()
            throw error
        }
    }
}

/// The metric handles per method and per (route, method, status), made once each: making a
/// handle asks the registry under its lock.
private final class Handles: Sendable {
    struct Key: Hashable {
        var route: String
        var method: HTTPRequest.Method
        var status: HTTPResponse.Status
    }

    struct Endpoint: Sendable {
        let counter: Counter
        let timer: Timer
        let errors: Counter

        init(_ key: Key) {
            let labels = [
                ("http.route", key.route), ("http.request.method", key.method.rawValue),
                ("http.response.status_code", String(key.status.code)),
            ]
            counter = Counter(label: "hb.requests", dimensions: labels)
            timer = Timer(label: "http.server.request.duration", dimensions: labels, preferredDisplayUnit: .seconds)
            errors = Counter(
                label: "hb.request.errors",
                dimensions: [
                    ("http.route", key.route), ("http.request.method", key.method.rawValue),
                    ("error.type", String(key.status.code)),
                ]
            )
        }

        func record(since start: UInt64) {
            counter.increment()
            timer.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
        }
    }

    private let endpoints = Mutex<[Key: Endpoint]>([:])
    private let methods = Mutex<[HTTPRequest.Method: Meter]>([:])

    func endpoint(_ key: Key) -> Endpoint {
        endpoints.withLock { all in
            if let known = all[key] { return known }
            let made = Endpoint(key)
            all[key] = made
            return made
        }
    }

    func active(_ method: HTTPRequest.Method) -> Meter {
        methods.withLock { all in
            if let known = all[method] { return known }
            let made = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", method.rawValue)])
            all[method] = made
            return made
        }
    }
}
