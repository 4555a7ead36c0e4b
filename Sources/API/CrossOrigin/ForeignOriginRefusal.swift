import Foundation
import HTTPTypes
import Hummingbird

/// The defence against cross-site request forgery: a request that could change something (any method but GET,
/// HEAD and OPTIONS) sent by a browser from a page of another origin is refused with 403, unless `CORS_ORIGINS`
/// lists that origin. Browsers say where a request comes from in `Origin` (every cross-origin POST, PUT, PATCH and
/// DELETE of a current browser, forms included) and in `Sec-Fetch-Site`; a page cannot forge either. Same-origin
/// means the `Origin`'s host and port are the request's `Host` (HTTP/1) or `:authority` (HTTP/2).
///
/// A request with neither header is not a cross-site browser request (curl, a payment gateway's webhook, a server
/// of the organiser's) and passes: it carries no cookie a victim's browser added. This is OWASP's "verifying origin
/// with standard headers"; it needs no token in the page, so a frontend on an allowed origin needs nothing extra.
struct ForeignOriginRefusal<Context: RequestContext>: RouterMiddleware {
    let settings: CrossOriginSettings

    static var fetchSite: HTTPField.Name { HTTPField.Name("Sec-Fetch-Site")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .get, .head, .options: return try await next(request, context)
        default: break
        }
        if let origin = Self.origin(of: request) {
            guard Self.isSameOrigin(origin, as: request) || settings.allows(origin) else {
                throw APIError.foreignOrigin(
                    "a page on \(origin) may not \(request.method) \(request.uri.path) here: only this site's pages and the origins CORS_ORIGINS lists may change anything")
            }
        } else if let site = request.headers[Self.fetchSite], site == "cross-site" || site == "same-site" {
            // A browser that hides the page's origin but says it is another site's: nothing to allow it by.
            throw APIError.foreignOrigin("a page of another site (Sec-Fetch-Site: \(site)) that does not say its origin may not change anything here")
        }
        return try await next(request, context)
    }

    /// The page's origin: `Origin`, else the scheme, host and port of `Referer` (which some browsers send alone).
    static func origin(of request: Request) -> String? {
        if let origin = request.headers[.origin] { return origin }
        guard let referer = request.headers[.referer], let schemeEnd = referer.range(of: "://") else { return nil }
        let authority = referer[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.isEmpty ? nil : String(referer[..<schemeEnd.upperBound] + authority)
    }

    /// Whether `origin` is the server's own: its host and port as the request's `Host` names them. `null` (a
    /// sandboxed frame, a redirect across origins) is nobody's.
    static func isSameOrigin(_ origin: String, as request: Request) -> Bool {
        guard let host = request.head.authority, let schemeEnd = origin.range(of: "://") else { return false }
        let scheme = origin[..<schemeEnd.lowerBound].lowercased()
        // Either side may spell out the scheme's default port, which the other leaves out.
        let defaultPort = scheme == "https" ? ":443" : scheme == "http" ? ":80" : ":"
        func bare(_ authority: Substring) -> Substring {
            authority.lowercased().hasSuffix(defaultPort) ? authority.dropLast(defaultPort.count) : authority
        }
        return bare(origin[schemeEnd.upperBound...]).lowercased() == bare(Substring(host)).lowercased()
    }
}
