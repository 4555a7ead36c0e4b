import HTTPTypes
import Hummingbird

/// Renews an admin's short session while it is used: an answer to a request whose admin token has less than half
/// its life left carries a fresh token for the same session (a cookie for a cookie, `X-Session-Token` for a Bearer
/// header). A session that was ended or has expired is never renewed.
struct SessionRenewalMiddleware<Context: RequestContext>: RouterMiddleware {
    let sessions: SessionSigner
    let cookies: CookiePolicy

    static var renewedHeader: HTTPField.Name { HTTPField.Name("X-Session-Token")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard response.status.code < 400, let token = SessionCookie.token(of: request) else { return response }
        let renewed: String?
        do {
            renewed = try await sessions.renewal(of: token)
        } catch {
            // An invalid, ended or expired token is not renewed; the route has already answered for it.
            renewed = nil
        }
        guard let renewed else { return response }
        if request.headers[.authorization] == nil {
            response.setCookie(SessionCookie.setting(renewed, cookies))
        } else {
            response.headers[Self.renewedHeader] = renewed
        }
        return response
    }
}
