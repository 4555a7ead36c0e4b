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

/// The holes of the original (reference §9) that live in the organizer, admin and payout routes, one test each,
/// named after the hole: each does what exploited the original and asserts it is refused here. (The payout-UPI
/// hole is `OrganizerEditTests.holeAnyoneCanOverwriteAnOrganizersPayoutUPI`; payment and ticket holes are in
/// `PaymentAttackTests` and `DoorAndRefundTests`.)
@Suite("API: the original's holes, closed")
struct OriginalHolesTests {
    /// "Unguarded admin creation; GET /admin/invite/:email leaks the TOTP secret; admin login returns the hash and secret."
    @Test func holeUnguardedAdminCreationAndLeakedTOTPSecret() async throws {
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, log, _ in
            let driver = CheckoutDriver(client: client)
            // The first admin's invite is written as the server starts: enrol it first, so the log is quiet after.
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            let head = try await log.head()
            // Creating (inviting) an admin takes an admin: nobody, a customer and an organizer are refused, nothing written.
            for caller: HTTPFields in [[.contentType: "application/json"], try await customer("asha"), try await organizer()] {
                #expect([401, 403].contains(try await driver.post("/api/admin/invites", caller, #"{"email":"evil@example.com"}"#).status.code))
            }
            #expect(try await log.head() == head)
            // There is no route that answers an invite's secret by e-mail address.
            #expect(try await driver.get("/api/admin/invite/root@example.com", [:]).status == .notFound)
            // Signing in answers neither the password hash nor the TOTP secret.
            let me = String(buffer: try await driver.get("/api/auth/me", admin).body)
            #expect(!me.contains("$2") && !me.lowercased().contains("secret") && !me.lowercased().contains("password"))
            // The log holds the TOTP secret only sealed.
            let accepted = try #require(try await records("AdminInviteAccepted", in: log).first)
            #expect(!(try payloadJSON(accepted)).contains("otpauth"))
        }
    }

    /// "Event, hall, organizer and booking writes are unguarded; actor ids come from the body."
    @Test func holeWritesUnguardedAndActorIdsFromTheBody() async throws {
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let start = demoSeedTime.rawValue + 40 * 86_400_000
            let draft = #"{"kind":"open","title":"Whose","organizerID":"\#(DemoData.organizer.rawValue)","organizerId":"\#(DemoData.organizer.rawValue)","start":\#(start),"end":\#(start + 3_600_000),"categories":[{"id":"ga","name":"GA","capacity":5,"price":0}]}"#
            #expect(try await driver.post("/api/organizer/events", [.contentType: "application/json"], draft).status == .unauthorized)
            #expect(try await driver.post("/api/halls", try await organizer(), #"{"name":"Mine","city":"x","address":"y"}"#).status == .forbidden)
            // The organizer named in the body is ignored: the show belongs to the session's organizer.
            struct Edited: Decodable { var eventId: String }
            let id = try decode(Edited.self, try await driver.post("/api/organizer/events", try await organizer("mallory"), draft)).eventId
            let show = try await CommandHandler<Show>(log: log).state(of: try Show.stream(ShowID(id)))
            #expect(show.configuration?.organizer == OrganizerID("mallory"))
            // A booking is somebody's: another customer cannot release, pay for or refund it.
            let held = try await driver.hold(try await customer("asha"), seats: ["F9"])
            let ravi = try await customer("ravi")
            #expect(try await driver.post("/api/booking/release", ravi, #"{"eventId":"demo-seated","bookingId":"\#(held.bookingId)"}"#).status != .ok)
            #expect(try await driver.post("/api/payment/order", ravi, #"{"bookingId":"\#(held.bookingId)"}"#).status == .notFound)
        }
    }

    /// "PII leaks: get-orders, dashboard-data, analytics-data, payout/:id, get-locked-seats, event-approval."
    @Test func holePIILeaks() async throws {
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, log, _ in
            let driver = CheckoutDriver(client: client)
            _ = try await CommandHandler<Customer>(log: log).handle(
                .register(CustomerID("asha"), email: "asha.private@example.com", name: "Asha Private", now: .now()),
                on: try Customer.stream(CustomerID("asha")))
            let asha = try await customer("asha")
            let bought = try await driver.buy(asha, seats: ["G9"])
            _ = try await driver.hold(asha, seats: ["G8"])
            let head = try await log.head().rawValue
            let admin = try await enrolFirstAdmin("root@example.com", driver)
            // What the public, organizers and admins read never names the buyer.
            let reads: [(String, HTTPFields)] = [
                ("/api/event/demo-seated/seats?after=\(head)", [:]), ("/api/event?after=\(head)", [:]), ("/api/event/demo-seated", [:]),
                ("/api/organizer/events?after=\(head)", try await organizer()), ("/api/organizer/events/demo-seated/check-ins?after=\(head)", try await organizer()),
                ("/api/organizer/events/demo-seated/payout?after=\(head)", try await organizer()), ("/api/admin/events?status=approved", admin),
            ]
            for (path, headers) in reads {
                let body = String(buffer: try await driver.get(path, headers).body)
                #expect(!body.contains("asha.private@example.com") && !body.contains("Asha Private") && !body.contains("\"asha\""), "\(path) names the buyer: \(body.prefix(300))")
            }
            // Another customer cannot read the buyer's bookings or tickets.
            #expect(try await driver.get("/api/user/bookings/\(bought.bookingId)", try await customer("ravi")).status == .notFound)
            #expect(try await driver.get("/api/ticket/\(bought.bookingId)", try await customer("ravi")).status == .notFound)
        }
    }
}
