import HTTPTypes
import Hummingbird

/// Cross-origin resource sharing for the origins `CORS_ORIGINS` lists: their preflights are answered here, and
/// every answer to them carries `Access-Control-Allow-Origin` with their origin and `Allow-Credentials`, so a
/// frontend there can call the API with the customer's cookie. Any other origin gets no CORS header at all (its
/// browser then keeps our answers from its page), and its preflight goes on to the router like any request.
///
/// Not Hummingbird's `CORSMiddleware`: it answers every `OPTIONS` with an `Origin` and sends `Allow-Credentials`
/// and the allowed methods to origins it does not allow.
struct CORSAnswers<Context: RequestContext>: RouterMiddleware {
    let settings: CrossOriginSettings

    /// What the API's routes use; a preflight asking for anything else is answered without it, and the browser stops.
    static var allowedMethods: String { "GET, HEAD, POST, PUT, PATCH, DELETE" }
    static var allowedHeaders: String { "Accept, Authorization, Content-Type" }
    /// What a page may read of an answer besides the simple headers: a renewed admin token, when to try again and
    /// where a created thing is.
    static var exposedHeaders: String { "X-Session-Token, Retry-After, Location" }
    /// How long a browser may keep a preflight's answer (seconds).
    static var preflightLifetime: String { "600" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], settings.allows(origin) else {
            return try await next(request, context)
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = Self.headers(for: origin)
            headers[.accessControlAllowMethods] = Self.allowedMethods
            headers[.accessControlAllowHeaders] = Self.allowedHeaders
            headers[.accessControlMaxAge] = Self.preflightLifetime
            return Response(status: .noContent, headers: headers)
        }
        do {
            var response = try await next(request, context)
            for field in Self.headers(for: origin) { response.headers.append(field) }
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
            return response
        } catch var error as APIError {
            // Errors too: a page that cannot read why it was refused cannot tell its customer.
            for field in Self.headers(for: origin) { error.headers.append(field) }
            error.headers[.accessControlExposeHeaders] = Self.exposedHeaders
            throw error
        }
    }

    private static func headers(for origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: origin, .accessControlAllowCredentials: "true", .vary: "Origin"]
    }
}
