import App
import Domain
import Hummingbird

/// `GET /api/auth/me` (who the session is) and `GET`/`POST /api/auth/logout` (ends it: the token is refused from then
/// on, everywhere and after restarts, not only forgotten by this browser).
struct SessionController {
    let sessions: SessionSigner
    /// Whether cookies carry `Secure` (off in development over plain HTTP).
    let cookies: CookiePolicy

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/auth/me") { request, _ in try await me(request) }
        router.get("api/auth/logout") { request, _ in try await logout(request) }
        router.post("api/auth/logout") { request, _ in try await logout(request) }
    }

    private func me(_ request: Request) async throws -> MeResponse {
        MeResponse(user: try await request.identity(sessions))
    }

    private func logout(_ request: Request) async throws -> Response {
        if let token = SessionCookie.token(of: request) {
            do throws(APIError) {
                try await sessions.end(token, now: Instant.now())
            } catch {
                // Already invalid or ended: there is nothing left to end, and the cookie goes all the same.
                guard error.status == .unauthorized else { throw error }
            }
        }
        var response = Response(status: .noContent)
        response.setCookie(SessionCookie.clearing(cookies))
        return response
    }

    struct MeResponse: ResponseEncodable {
        var user: Identity
    }
}
