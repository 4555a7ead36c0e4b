public import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// How much one client address may ask of the server (token buckets: a burst, refilled at a steady rate). Each is
/// a setting; 0 turns a limit off.
public struct RateLimitSettings: Sendable, Equatable {
    /// One limit: up to `burst` requests at once, refilled at `perHour` an hour.
    public struct Rule: Sendable, Equatable {
        public var burst: Int
        public var perHour: Int
        public init(burst: Int, perHour: Int) {
            self.burst = burst
            self.perHour = perHour
        }
        var isOff: Bool { burst <= 0 || perHour <= 0 }
    }

    /// Requests without a session, of any route (`RATE_LIMIT_ANONYMOUS_BURST`, `RATE_LIMIT_ANONYMOUS_PER_HOUR`).
    public var anonymous = Rule(burst: 200, perHour: 72_000)
    /// Passcode requests and guesses, and admin sign-ins (`RATE_LIMIT_SIGN_IN_BURST`, `RATE_LIMIT_SIGN_IN_PER_HOUR`).
    public var signIn = Rule(burst: 10, perHour: 60)
    /// Sign-ups (`RATE_LIMIT_SIGN_UP_BURST`, `RATE_LIMIT_SIGN_UP_PER_HOUR`).
    public var signUp = Rule(burst: 5, perHour: 20)
    /// WebSocket connections open at once from one address (`WS_CONNECTIONS_PER_ADDRESS`; 0: no limit).
    public var webSocketsPerAddress = 20
    /// The header a trusted reverse proxy puts the client's address in (`TRUSTED_PROXY_HEADER`, e.g.
    /// `X-Forwarded-For`; its last entry is taken, the one the proxy itself added). Unset: the connection's peer.
    public var trustedProxyHeader: String?

    public init() {}

    /// No limits at all: for benchmarks that drive the server from one address.
    public static var off: RateLimitSettings {
        var settings = RateLimitSettings()
        settings.anonymous = Rule(burst: 0, perHour: 0)
        settings.signIn = Rule(burst: 0, perHour: 0)
        settings.signUp = Rule(burst: 0, perHour: 0)
        settings.webSocketsPerAddress = 0
        return settings
    }

    public static func resolve(environment: [String: String]) -> RateLimitSettings {
        var settings = RateLimitSettings()
        func rule(_ name: String, _ fallback: Rule) -> Rule {
            Rule(burst: environment["RATE_LIMIT_\(name)_BURST"].flatMap(Int.init) ?? fallback.burst,
                 perHour: environment["RATE_LIMIT_\(name)_PER_HOUR"].flatMap(Int.init) ?? fallback.perHour)
        }
        settings.anonymous = rule("ANONYMOUS", settings.anonymous)
        settings.signIn = rule("SIGN_IN", settings.signIn)
        settings.signUp = rule("SIGN_UP", settings.signUp)
        settings.webSocketsPerAddress = environment["WS_CONNECTIONS_PER_ADDRESS"].flatMap(Int.init) ?? settings.webSocketsPerAddress
        settings.trustedProxyHeader = environment["TRUSTED_PROXY_HEADER"].flatMap { $0.isEmpty ? nil : $0 }
        return settings
    }
}

extension RateLimitSettings {
    /// The client's address: the trusted proxy's header when one is configured (its last entry, which the proxy
    /// wrote; earlier ones are the client's word), else the connection's peer.
    func clientAddress(of request: Request, peer: SocketAddress?) -> String {
        if let header = trustedProxyHeader, let name = HTTPField.Name(header), let value = request.headers[name],
           let last = value.split(separator: ",").last {
            return last.trimmingCharacters(in: .whitespaces)
        }
        return peer?.ipAddress ?? "unknown"
    }
}
