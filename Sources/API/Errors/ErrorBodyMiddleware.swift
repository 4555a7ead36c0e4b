import App
import Hummingbird
import Logging

/// Every failure leaves the server in the documented shape, `{"error":{"code","message"}}`: the framework's own
/// errors (no such route, a body over the limit) get a code, and an error nobody mapped is a logged 500 whose
/// message gives nothing away, never an empty body.
struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    /// The router's paths and their methods, to tell a wrong method (405) from a wrong path (404).
    var routes = RouteMethods()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let failure as AppFailure {
            throw APIError(failure)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(at: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else {
                throw APIError(framework: .notFound, error.body ?? Self.message(of: .notFound, request))
            }
            throw APIError.methodNotAllowed(request.method.rawValue, on: request.uri.path, allowed: allowed)
        } catch let error as HTTPError {
            throw APIError(framework: error.status, error.body ?? Self.message(of: error.status, request))
        } catch {
            logger.error("unmapped error", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError.unmapped()
        }
    }

    private static func message(of status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: "no route \(request.method) \(request.uri.path)"
        default: status.reasonPhrase
        }
    }
}
