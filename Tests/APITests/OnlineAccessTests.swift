import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// An online show's access link reaches its ticket holders and nobody else: in the ticket view and the confirmation
/// mail of a confirmed booking, gone once the booking is refunded, never shown for a show that is not online; and
/// an organizer cannot set a link that is not a web address.
@Suite("API: an online show's access link")
struct OnlineAccessTests {
    struct Tickets: Decodable { var accessLink: String? }
    struct Outbox: Decodable { struct Mail: Decodable { var subject: String; var text: String }; var mails: [Mail] }

    @Test func theLinkIsInTheTicketViewAndTheConfirmationOfAConfirmedUnrefundedBookingOnly() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            _ = try await CommandHandler<Customer>(log: log).handle(
                .register(CustomerID("asha"), email: "asha@example.com", name: "Asha", now: .now()), on: try Customer.stream(CustomerID("asha")))
            let driver = CheckoutDriver(client: client)
            let held = try await driver.post("/api/booking/hold", asha, #"{"eventId":"demo-online","tickets":{"general":1}}"#)
            try #require(held.status == .ok, "\(String(buffer: held.body))")
            let booking = try decode(HoldReply.self, held).bookingId
            // Held, not yet paid: no link.
            #expect(try decode(Tickets.self, try await driver.get("/api/ticket/\(booking)", asha)).accessLink == nil)
            let order = try await driver.order(asha, booking: booking)
            let paid = try await driver.pay(order.orderId)
            #expect(try await driver.verify(asha, booking: booking, paid).status == .ok)
            #expect(try decode(Tickets.self, try await driver.get("/api/ticket/\(booking)", asha)).accessLink == "https://meet.demo.tktplz/swift")
            // The organizer sees it too; another customer sees no booking at all.
            #expect(try decode(Tickets.self, try await driver.get("/api/ticket/\(booking)", try await organizer())).accessLink != nil)
            #expect(try await driver.get("/api/ticket/\(booking)", try await customer("ravi")).status == .notFound)
            let mails = try decode(Outbox.self, try await driver.get("/dev/outbox?to=asha@example.com", [:])).mails
            #expect(mails.first { $0.subject.hasPrefix("Your tickets") }?.text.contains("Join online: https://meet.demo.tktplz/swift") == true)

            // Refunded: the link is gone.
            #expect(try await driver.post("/api/payment/refund", asha, #"{"bookingId":"\#(booking)"}"#).status == .ok)
            #expect(try decode(Tickets.self, try await driver.get("/api/ticket/\(booking)", asha)).accessLink == nil)

            // A seated show has no link to give.
            let seated = try await driver.buy(asha, seats: ["F5"])
            #expect(try decode(Tickets.self, try await driver.get("/api/ticket/\(seated.bookingId)", asha)).accessLink == nil)
            let seatedMail = try decode(Outbox.self, try await driver.get("/dev/outbox?to=asha@example.com", [:])).mails
                .first { $0.text.contains(seated.bookingId) && $0.subject.hasPrefix("Your tickets") }
            #expect(seatedMail?.text.contains("Join online") == false)
        }
    }

    @Test(arguments: ["javascript:alert(1)", "meet.example/x", "http://meet.example/x"])
    func anAccessLinkThatIsNotAWebAddressIsRefused(link: String) async throws {
        let owner = try await organizer()
        try await withDemoServer { client, _ in
            let start = demoSeedTime.rawValue + 30 * 86_400_000
            let draft = #"{"kind":"online","title":"Talk","start":\#(start),"end":\#(start + 3_600_000),"accessLink":"\#(link)","categories":[{"id":"ga","name":"GA","capacity":5,"price":0}]}"#
            let refused = try await CheckoutDriver(client: client).post("/api/organizer/events", owner, draft)
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("field accessLink"))
        }
    }
}
