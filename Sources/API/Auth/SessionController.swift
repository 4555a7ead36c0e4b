import Hummingbird

/// `GET /api/auth/me` (who the session is) and `GET /api/auth/logout` (ends it). Sign-in by passcode comes next.
struct SessionController {
    let sessions: SessionSigner
    /// Whether cookies carry `Secure` (off in development over plain HTTP).
    let secureCookies: Bool

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/auth/me") { request, _ in try await me(request) }
        router.get("api/auth/logout") { _, _ in logout() }
    }

    private func me(_ request: Request) async throws -> MeResponse {
        MeResponse(user: try await request.identity(sessions))
    }

    private func logout() -> Response {
        var response = Response(status: .noContent)
        response.setCookie(SessionCookie.clearing(secure: secureCookies))
        return response
    }

    struct MeResponse: ResponseEncodable {
        var user: Identity
    }
}
