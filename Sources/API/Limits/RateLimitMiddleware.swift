import Foundation
import HTTPTypes
import Hummingbird
import Prometheus

/// Refuses a client address that asks too much, before anything is decided or appended: a 429 with `Retry-After`,
/// counted on `/metrics` by rule (`tktplz_rate_limited_total{rule}`). Sign-in and sign-up routes have their own
/// tight limits; any request without a session shares a generous one.
struct RateLimitMiddleware<Context: RequestContext & RemoteAddressRequestContext>: RouterMiddleware {
    let settings: RateLimitSettings
    let buckets: TokenBuckets
    let refused: [String: Counter]

    init(settings: RateLimitSettings, buckets: TokenBuckets = TokenBuckets(), registry: PrometheusCollectorRegistry) {
        self.settings = settings
        self.buckets = buckets
        var refused: [String: Counter] = [:]
        for rule in ["anonymous", "sign-in", "sign-up", "websocket"] {
            refused[rule] = registry.makeCounter(name: "tktplz_rate_limited_total", labels: [("rule", rule)],
                                                 help: "requests refused by a rate limit, by rule")
        }
        self.refused = refused
    }

    static var signUpRoutes: Set<String> { ["/api/auth/user-reg", "/api/auth/orgn-reg"] }
    static var signInRoutes: Set<String> {
        ["/api/auth/user-login", "/api/auth/orgn-login", "/api/auth/verify-otp", "/api/auth/admin-login", "/api/admin/invites/accept"]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Most requests carry a session and hit no rule: the address is worked out only when one applies.
        let rules = rules(for: request).filter { !$0.1.isOff }
        guard !rules.isEmpty else { return try await next(request, context) }
        let address = settings.clientAddress(of: request, peer: context.remoteAddress)
        let now = Date().timeIntervalSince1970
        for (name, rule) in rules {
            if let wait = buckets.take("\(name)|\(address)", rule, now: now) {
                refused[name]?.increment()
                throw APIError.rateLimited(name, retryAfter: Int(wait.rounded(.up)))
            }
        }
        return try await next(request, context)
    }

    private func rules(for request: Request) -> [(String, RateLimitSettings.Rule)] {
        var rules: [(String, RateLimitSettings.Rule)] = []
        let path = request.uri.path
        if request.method == .post, Self.signUpRoutes.contains(path) { rules.append(("sign-up", settings.signUp)) }
        if request.method == .post, Self.signUpRoutes.contains(path) || Self.signInRoutes.contains(path) {
            rules.append(("sign-in", settings.signIn))
        }
        if SessionCookie.token(of: request) == nil { rules.append(("anonymous", settings.anonymous)) }
        return rules
    }
}
