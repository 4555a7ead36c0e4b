import Hummingbird

// Request problems and refusals the routes find themselves, by code: a route throws `.invalidBody("field x …")`,
// never a status of its own choosing.
extension APIError {
    /// 404: the thing does not exist (or must not be known to exist).
    static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "not_found", "\(what) does not exist") }
    /// 503: the log or the views cannot be read or written right now.
    static func storeUnavailable() -> APIError {
        APIError(.serviceUnavailable, code: "store_unavailable", "the store is unavailable; try again shortly")
    }

    /// A 429 that says when to come back, in whole seconds from `now` (at least 1).
    static func tooManyRequests(code: String, _ message: String, retryAfter seconds: Int) -> APIError {
        var error = APIError(.tooManyRequests, code: code, message)
        error.headers[.retryAfter] = String(max(1, seconds))
        return error
    }

    /// 429: a rate limit of `rule` refused the address.
    static func rateLimited(_ rule: String, retryAfter seconds: Int) -> APIError {
        tooManyRequests(code: "rate_limited", "too many \(rule) requests from your address; try again in \(seconds) s", retryAfter: seconds)
    }

    static func alreadyInvited(_ message: String) -> APIError { APIError(.conflict, code: "already_invited", message) }
    static func alreadyRegistered(_ message: String) -> APIError { APIError(.conflict, code: "already_registered", message) }
    static func alreadySettled(_ message: String) -> APIError { APIError(.conflict, code: "already_settled", message) }
    static func badCredentials(_ message: String) -> APIError { APIError(.unauthorized, code: "bad_credentials", message) }
    static func bodyTooLarge(_ message: String) -> APIError { APIError(.contentTooLarge, code: "body_too_large", message) }
    static func duplicate(_ message: String) -> APIError { APIError(.badRequest, code: "duplicate", message) }
    static func emailNotVerified(_ message: String) -> APIError { APIError(.forbidden, code: "email_not_verified", message) }
    static func engineIO(_ message: String) -> APIError { APIError(.badRequest, code: "engine_io", message) }
    static func foreignOrigin(_ message: String) -> APIError { APIError(.forbidden, code: "foreign_origin", message) }
    static func googleRefused(_ message: String) -> APIError { APIError(.unauthorized, code: "google_refused", message) }
    static func googleUnavailable(_ message: String) -> APIError { APIError(.badGateway, code: "google_unavailable", message) }
    static func imageTooLarge(_ message: String) -> APIError { APIError(.contentTooLarge, code: "image_too_large", message) }
    static func internalFailure(_ message: String) -> APIError { APIError(.internalServerError, code: "internal", message) }
    static func invalidBody(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_body", message) }
    static func invalidBodyUnprocessableContent(_ message: String) -> APIError { APIError(.unprocessableContent, code: "invalid_body", message) }
    static func invalidBodyUnsupportedMediaType(_ message: String) -> APIError { APIError(.unsupportedMediaType, code: "invalid_body", message) }
    static func invalidId(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_id", message) }
    static func invalidIdToken(_ message: String) -> APIError { APIError(.unauthorized, code: "invalid_id_token", message) }
    static func invalidProfile(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_profile", message) }
    static func invalidQuery(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_query", message) }
    static func invalidSession(_ message: String) -> APIError { APIError(.unauthorized, code: "invalid_session", message) }
    static func invalidSignature(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_signature", message) }
    static func invalidState(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_state", message) }
    static func invalidTicket(_ message: String) -> APIError { APIError(.badRequest, code: "invalid_ticket", message) }
    static func inviteExpired(_ message: String) -> APIError { APIError(.gone, code: "invite_expired", message) }
    static func inviteUsed(_ message: String) -> APIError { APIError(.gone, code: "invite_used", message) }
    static func layoutInUse(_ message: String) -> APIError { APIError(.conflict, code: "layout_in_use", message) }
    static func hallInUse(_ message: String) -> APIError { APIError(.conflict, code: "hall_in_use", message) }
    static func hallInactive(_ message: String) -> APIError { APIError(.conflict, code: "hall_inactive", message) }
    static func linkedToAnotherGoogleAccount(_ message: String) -> APIError { APIError(.conflict, code: "linked_to_another_google_account", message) }
    static func noAccount(_ message: String) -> APIError { APIError(.notFound, code: "no_account", message) }
    static func noCode(_ message: String) -> APIError { APIError(.badRequest, code: "no_code", message) }
    static func noLayout(_ message: String) -> APIError { APIError(.unprocessableContent, code: "no_layout", message) }
    static func noSession(_ message: String) -> APIError { APIError(.unauthorized, code: "no_session", message) }
    static func notConfigured(_ message: String) -> APIError { APIError(.notFound, code: "not_configured", message) }
    static func notSettled(_ message: String) -> APIError { APIError(.conflict, code: "not_settled", message) }
    static func notYourEvent(_ message: String) -> APIError { APIError(.forbidden, code: "not_your_event", message) }
    static func outOfOrder(_ message: String) -> APIError { APIError(.conflict, code: "out_of_order", message) }
    static func paymentRequired(_ message: String) -> APIError { APIError(.conflict, code: "payment_required", message) }
    static func projectionBehind(_ message: String) -> APIError { APIError(.serviceUnavailable, code: "projection_behind", message) }
    static func refused(_ message: String) -> APIError { APIError(.unprocessableContent, code: "refused", message) }
    static func screenRefused(_ message: String) -> APIError { APIError(.unprocessableContent, code: "screen_refused", message) }
    static func sessionEnded(_ message: String) -> APIError { APIError(.unauthorized, code: "session_ended", message) }
    static func storeUnavailable(_ message: String) -> APIError { APIError(.serviceUnavailable, code: "store_unavailable", message) }
    static func tooManyAttempts(_ message: String) -> APIError { APIError(.tooManyRequests, code: "too_many_attempts", message) }
    static func tooManyConnections(_ limit: Int) -> APIError {
        APIError(.tooManyRequests, code: "too_many_connections", "too many connections from your address (at most \(limit)); close one first")
    }
    static func unsupportedImage(_ message: String) -> APIError { APIError(.unsupportedMediaType, code: "unsupported_image", message) }
    static func upgradeRequired(_ message: String) -> APIError { APIError(.upgradeRequired, code: "upgrade_required", message) }
    static func wrongCode(_ message: String) -> APIError { APIError(.unauthorized, code: "wrong_code", message) }
    static func wrongEvent(_ message: String) -> APIError { APIError(.conflict, code: "wrong_event", message) }
    static func wrongOrder(_ message: String) -> APIError { APIError(.badRequest, code: "wrong_order", message) }
    static func wrongRole(_ message: String) -> APIError { APIError(.forbidden, code: "wrong_role", message) }

    /// The framework's own refusals (no such route, a body over the limit), with a code for their status.
    init(framework status: HTTPResponse.Status, _ message: String) {
        self.init(status, code: Self.code(of: status), message)
    }

    /// 405 with `Allow`: the path exists, the method does not.
    static func methodNotAllowed(_ method: String, on path: String, allowed: [String]) -> APIError {
        var refused = APIError(.methodNotAllowed, code: "method_not_allowed",
                               "\(method) is not allowed on \(path); it answers \(allowed.joined(separator: ", "))")
        refused.headers[.allow] = allowed.joined(separator: ", ")
        return refused
    }

    /// An error nobody mapped: a 500 that gives nothing away (the failure itself is logged).
    static func unmapped() -> APIError {
        APIError(.internalServerError, code: "internal", "the server failed to answer this request; the failure was logged")
    }

    private static func code(of status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "body_too_large"
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        default: status.code >= 500 ? "internal" : "http_\(status.code)"
        }
    }
}
