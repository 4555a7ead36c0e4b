import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every route of the OpenAPI document, called by six callers: nobody, the customer who owns the booking, another
/// customer, the organizer who owns the show, another organizer, and an admin. Each answer must match the table
/// below, and the route list comes from the document, so a route added without a row here fails this test.
@Suite("API: who may call what")
struct AuthorizationMatrixTests {
    /// What a caller must get: let through (any answer but 401, 403 and 404), or exactly 401, 403 or 404.
    enum Expect: String, CustomStringConvertible {
        case through = "✓", unauthorized = "401", forbidden = "403", hidden = "404"
        var description: String { rawValue }
    }

    private typealias Row = [Expect]  // anonymous, owning customer, other customer, owning organizer, other organizer, admin

    private static let open: Row = [.through, .through, .through, .through, .through, .through]
    private static let signedIn: Row = [.unauthorized, .through, .through, .through, .through, .through]
    private static let customers: Row = [.unauthorized, .through, .through, .forbidden, .forbidden, .forbidden]
    private static let ownBooking: Row = [.unauthorized, .through, .hidden, .forbidden, .forbidden, .forbidden]
    private static let tickets: Row = [.unauthorized, .through, .hidden, .through, .hidden, .hidden]
    private static let organizers: Row = [.unauthorized, .forbidden, .forbidden, .through, .through, .forbidden]
    private static let ownShow: Row = [.unauthorized, .forbidden, .forbidden, .through, .forbidden, .forbidden]
    /// Another organizer's webhook is not found, as one that does not exist.
    private static let ownWebhook: Row = [.unauthorized, .forbidden, .forbidden, .through, .hidden, .forbidden]
    private static let admins: Row = [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden, .through]

    private static let table: [String: Row] = [
        "GET /health": open, "GET /openapi.json": open, "GET /metrics": open,
        "POST /api/auth/user-reg": open, "POST /api/auth/orgn-reg": open, "POST /api/auth/user-login": open,
        "POST /api/auth/orgn-login": open, "POST /api/auth/verify-otp": open, "GET /api/auth/me": signedIn,
        "GET /api/auth/logout": open, "POST /api/auth/logout": open, "POST /api/auth/admin-login": open,
        // Google sign-in is off on the test server: not there for anyone (GoogleSignInTests turns it on).
        "GET /api/auth/google": [.hidden, .hidden, .hidden, .hidden, .hidden, .hidden], "GET /api/auth/google/callback": [.hidden, .hidden, .hidden, .hidden, .hidden, .hidden],
        "GET /dev/outbox": open, "POST /dev/echo": open,
        "GET /api/event": open, "GET /api/event/{eventId}": open, "GET /api/event/{eventId}/seats": open,
        "POST /api/event/{eventId}/register": customers,
        "POST /api/waitlist": customers, "GET /api/waitlist/{eventId}": customers, "DELETE /api/waitlist/{eventId}": customers,
        "GET /api/organizer/events/{eventId}/waitlist": ownShow, "PUT /api/organizer/events/{eventId}/queue": ownShow,
        // The demo show has no queue: customers are told so (404), anyone else is the wrong role.
        "POST /api/queue/{eventId}": [.unauthorized, .hidden, .hidden, .forbidden, .forbidden, .forbidden],
        "GET /api/queue/{eventId}": [.unauthorized, .hidden, .hidden, .forbidden, .forbidden, .forbidden],
        "POST /api/booking/hold": customers, "POST /api/booking/release": customers, "POST /api/booking/confirm": customers,
        "GET /api/user/bookings": customers, "GET /api/user/bookings/{bookingId}": ownBooking,
        "POST /api/payment/order": customers, "POST /api/payment/verify": customers, "POST /api/payment/refund": customers,
        "POST /api/payment/webhook": open,
        "GET /api/ticket/public-key": open, "GET /api/ticket/{bookingId}": tickets, "GET /api/ticket/{bookingId}/pdf": tickets,
        "GET /api/ticket/{bookingId}/{ticketId}/qr.svg": tickets, "GET /api/ticket/{bookingId}/{ticketId}/qr.png": tickets,
        "GET /sandbox/checkout/{orderId}": open, "POST /sandbox/checkout/{orderId}/pay": open, "POST /sandbox/refunds/fail-next": open,
        "GET /api/organizer/events": organizers, "POST /api/organizer/events": organizers,
        "POST /api/organizer/events/{eventId}/submit": ownShow, "POST /api/organizer/events/{eventId}/cancel": ownShow,
        "POST /api/organizer/events/{eventId}/check-in": ownShow, "GET /api/organizer/events/{eventId}/check-ins": ownShow,
        "GET /api/organizer/events/{eventId}/payout": ownShow, "POST /api/organizer/events/{eventId}/payout/confirm": ownShow,
        "POST /api/admin/invites": admins, "POST /api/admin/invites/accept": open, "GET /api/admin/events": admins, "GET /api/admin/events/{eventId}/as-of": admins,
        "POST /api/admin/events/{eventId}/approve": admins, "POST /api/admin/events/{eventId}/reject": admins,
        "POST /api/admin/payouts/{eventId}/receipt": admins, "POST /api/admin/payouts/{eventId}/initiate": admins,
        "GET /api/halls": open, "GET /api/halls/{hallId}": open, "POST /api/halls": admins, "POST /api/halls/{hallId}/screens": admins,
        "PUT /api/halls/{hallId}/screens/{screenId}/layout": admins,
        "PUT /api/halls/{hallId}": admins, "PUT /api/halls/{hallId}/active": admins, "DELETE /api/halls/{hallId}": admins,
        "PUT /api/organizer/events/{eventId}/details": ownShow, "PUT /api/organizer/events/{eventId}/schedule": ownShow, "PUT /api/organizer/events/{eventId}/refund-policy": ownShow,
        "PUT /api/organizer/events/{eventId}/cutoff": ownShow,
        "PUT /api/organizer/events/{eventId}/lone-seats": ownShow,
        "GET /api/organizer/webhooks": organizers, "POST /api/organizer/webhooks": organizers,
        "DELETE /api/organizer/webhooks/{webhookId}": ownWebhook, "GET /api/organizer/webhooks/{webhookId}/deliveries": ownWebhook,
        "POST /api/organizer/webhooks/{webhookId}/replay": ownWebhook,
        "PUT /api/organizer/events/{eventId}/prices": ownShow, "GET /api/organizer/events/{eventId}/analytics": ownShow,
        "GET /api/organizer/events/{eventId}/attendees": ownShow,
        "GET /api/organizer/events/{eventId}/payout/receipt.pdf": ownShow, "GET /api/admin/payouts/{eventId}/receipt.pdf": admins, "GET /api/organizer/events/{eventId}/attendees.csv": ownShow,
        "POST /api/organizer/events/{eventId}/poster": ownShow, "PUT /api/organizer/payout-details": organizers,
        "GET /api/organizer/payout-details": organizers,
        "GET /api/organizer/dashboard": organizers, "GET /api/admin/dashboard": admins, "GET /api/admin/payouts": admins,
        // Admins only; the demo organizer has set no payout details in this test, so an admin gets 404.
        "GET /api/admin/payouts/{eventId}/details": [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden, .hidden],
        "GET /api/user/profile": customers, "PUT /api/user/profile": customers,
        // An empty body erases nobody (confirm is missing: 400, through the guard); ErasureTests erases someone.
        "DELETE /api/user/account": customers,
        // Asked about a customer who has no account (the matrix's own must keep their sessions): the admin finds nobody.
        "POST /api/admin/customers/{customerId}/erase": [.unauthorized, .forbidden, .forbidden, .forbidden, .forbidden, .hidden], "POST /api/user/likes/{eventId}": customers,
        "DELETE /api/user/likes/{eventId}": customers, "POST /api/user/issues": signedIn, "GET /api/admin/issues": admins,
        "POST /api/admin/issues/{issueId}/resolve": admins, "GET /api/images/{name}": [.hidden, .hidden, .hidden, .hidden, .hidden, .hidden],
        "GET /api/halls/{hallId}/screens/{screenId}/availability": [.unauthorized, .forbidden, .forbidden, .through, .through, .through],
        // The demo show's chat: its organizer and its ticket holders (the owning customer bought a seat below).
        "GET /api/event/{eventId}/chat": [.unauthorized, .through, .forbidden, .through, .forbidden, .forbidden],
        "POST /api/event/{eventId}/chat": [.unauthorized, .through, .forbidden, .through, .forbidden, .forbidden],
        "POST /api/organizer/events/{eventId}/chat/{number}/hide": ownShow, "POST /api/organizer/events/{eventId}/chat/mute": ownShow,
        "DELETE /api/organizer/events/{eventId}/chat/mute/{customerId}": ownShow,
    ]

    /// Routes not callable as plain HTTP, with where they are tested instead.
    private static let elsewhere = [
        "GET /ws": "a WebSocket upgrade: LiveRoomTests and LiveRoomsTests",
        "GET /socket.io": "Engine.IO sessions, open to anyone (rooms are public): EngineIOProtocolTests and SocketIOClientTests",
        "POST /socket.io": "Engine.IO sessions, open to anyone (rooms are public): EngineIOProtocolTests and SocketIOClientTests",
    ]

    /// The document's routes as `METHOD /path`, read from the server's own `/openapi.json`.
    private static func documentedRoutes(_ body: ByteBuffer) throws -> [String] {
        let document = try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, operations in
            operations.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { "\($0.uppercased()) \(path)" }
        }.sorted()
    }

    @Test func everyDocumentedRouteAnswersEachCallerAsTheTableSays() async throws {
        let adminEmail = "root@example.com"
        try await withDemoServerStores(firstAdmin: adminEmail) { client, log, store in
            let driver = CheckoutDriver(client: client)
            // The two customers have accounts, as every real session's holder does.
            for id in ["owner", "stranger"] {
                _ = try await CommandHandler<Customer>(log: log).handle(
                    .register(CustomerID(id), email: "\(id)@example.com", name: id, now: .now()), on: try Customer.stream(CustomerID(id)))
            }
            let routes = try Self.documentedRoutes(try await driver.get("/openapi.json", [:]).body)
            let unlisted = Set(routes).subtracting(Self.table.keys).subtracting(Self.elsewhere.keys)
            #expect(unlisted.isEmpty, "routes without a row: \(unlisted.sorted())")
            #expect(Set(Self.table.keys).subtracting(routes).isEmpty, "rows for undocumented routes: \(Set(Self.table.keys).subtracting(routes).sorted())")
            let owner = try await customer("owner")
            let bought = try await driver.buy(owner, seats: ["E9"])
            let ticket = try #require(bought.tickets.first)
            // A ticket holder's chat message 1, for the moderation routes to act on.
            try await waitForProjections(toReach: try await log.head(), in: store)
            let chatted = try await driver.post("/api/event/demo-seated/chat", owner, #"{"text":"hello"}"#)
            try #require(chatted.status == .created, "chat: \(String(buffer: chatted.body))")
            let order = try decode(OrderReply.self, try await driver.post("/api/payment/order", owner, #"{"bookingId":"\#(bought.bookingId)"}"#))
            // The demo organizer's webhooks: one for the removal (called first, in route order), one for the rest.
            var webhooks: [String] = []
            for _ in 0..<2 {
                let made = try await driver.post("/api/organizer/webhooks", try await organizer(), #"{"url":"https://hooks.example.com/t","topics":["sold"]}"#)
                struct Made: Decodable { var webhookId: String }
                webhooks.append(try decode(Made.self, made).webhookId)
            }
            let callers: [(String, HTTPFields)] = [
                ("anonymous", [.contentType: "application/json"]), ("owning customer", owner), ("other customer", try await customer("stranger")),
                ("owning organizer", try await organizer()), ("other organizer", try await organizer("other-organizer")),
                ("admin", try await enrolFirstAdmin(adminEmail, driver)),
            ]
            var mismatches: [String] = []
            // Logging out ends the caller's session, so it is called last.
            for route in routes.sorted(by: { !$0.hasSuffix("/logout") && $1.hasSuffix("/logout") }) where Self.elsewhere[route] == nil {
                guard let row = Self.table[route] else { continue }
                let parts = route.split(separator: " ", maxSplits: 1)
                let path = String(parts[1])
                    .replacingOccurrences(of: "{eventId}", with: "demo-seated").replacingOccurrences(of: "{bookingId}", with: bought.bookingId)
                    .replacingOccurrences(of: "{ticketId}", with: ticket.ticketId).replacingOccurrences(of: "{orderId}", with: order.orderId)
                    .replacingOccurrences(of: "{hallId}", with: "demo-hall").replacingOccurrences(of: "{screenId}", with: "demo-screen")
                    .replacingOccurrences(of: "{issueId}", with: "issue-none")
                    .replacingOccurrences(of: "{webhookId}", with: parts[0] == "DELETE" ? webhooks[0] : webhooks[1])
                    .replacingOccurrences(of: "{number}", with: "1").replacingOccurrences(of: "{customerId}", with: parts[1].hasSuffix("/erase") ? "customer-nobody" : "owner").replacingOccurrences(of: "{name}", with: String(repeating: "0", count: 64) + ".png")
                for ((name, headers), expected) in zip(callers, row) {
                    let response = switch parts[0] {
                    case "GET": try await driver.get(path, headers)
                    case "PUT": try await driver.put(path, headers, "{}")
                    case "DELETE": try await client.execute(uri: path, method: .delete, headers: headers, body: nil) { $0 }
                    default: try await driver.post(path, headers, "{}")
                    }
                    let code = response.status.code
                    let matches = switch expected {
                    case .through: ![401, 403, 404].contains(code)
                    case .unauthorized: code == 401
                    case .forbidden: code == 403
                    case .hidden: code == 404
                    }
                    if !matches { mismatches.append("\(route) as \(name): \(code), expected \(expected)") }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        }
    }
}
