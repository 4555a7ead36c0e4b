import API
import App
import Crypto
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every record of `type` in the log.
func records(_ type: String, in log: LMDBEventLog) async throws -> [RecordedEvent] {
    try await log.read(from: GlobalPosition(1), limit: 100_000).filter { $0.type == type }
}

/// Polls `condition` until it holds or `limit` passes (for what the gateway's webhooks do in their own time).
func eventually(within limit: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// A webhook body in the gateway's shape, signed with the development webhook secret.
func signedWebhook(_ json: String) -> (body: String, signature: String) {
    let key = SymmetricKey(data: Data(PaymentSettings.developmentWebhookSecret.utf8))
    let mac = HMAC<SHA256>.authenticationCode(for: Data(json.utf8), using: key)
    return (json, mac.map { String(format: "%02x", $0) }.joined())
}

@Suite("API: paying for a hold and getting tickets")
struct PaymentRoutesTests {
    @Test func holdOrderPayVerifyIssuesOneTicketPerSeatPricedByTheServer() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["A1", "A2"])
            let order = try await driver.order(asha, booking: held.bookingId)
            #expect(order.amount == held.price.total.minor)
            #expect(order.currency == "INR")
            #expect(order.checkoutUrl == "/sandbox/checkout/\(order.orderId)")
            // Asking again gives the same order, not a second one.
            #expect(try await driver.order(asha, booking: held.bookingId).orderId == order.orderId)
            let paid = try await driver.pay(order.orderId)
            let response = try await driver.verify(asha, booking: held.bookingId, paid)
            #expect(response.status == .ok)
            let confirmed = try decode(ConfirmationReply.self, response)
            #expect(confirmed.status == "confirmed")
            #expect(confirmed.tickets.map(\.admits) == ["A1", "A2"])
            #expect(Set(confirmed.tickets.map(\.ticketId)).count == 2)
            // A retried verify answers the same tickets; the webhook the sandbox also sent confirms nothing more.
            let again = try decode(ConfirmationReply.self, try await driver.verify(asha, booking: held.bookingId, paid))
            #expect(again.tickets.map(\.ticketId) == confirmed.tickets.map(\.ticketId))
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await records("BookingConfirmed", in: log).count == 1)
            #expect(try await records("ItemsSold", in: log).count == 1)
        }
    }

    @Test func aTicketTokenVerifiesOfflineWithThePublishedKey() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let ticket = try #require(try await driver.buy(asha, seats: ["C3"]).tickets.first)
            struct PublicKey: Decodable { var algorithm: String; var publicKey: String }
            let published = try decode(PublicKey.self, try await driver.get("/api/ticket/public-key", [:]))
            #expect(published.algorithm == "Ed25519")
            let key = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(base64URL(published.publicKey)))
            let parts = ticket.token.split(separator: ".")
            #expect(parts.count == 3 && parts[0] == "tkt1")
            let signed = Data("\(parts[0]).\(parts[1])".utf8)
            #expect(key.isValidSignature(try #require(base64URL(String(parts[2]))), for: signed))
            struct Claims: Decodable { var t: String; var s: String; var a: String }
            let claims = try JSONDecoder().decode(Claims.self, from: try #require(base64URL(String(parts[1]))))
            #expect(claims.t == ticket.ticketId && claims.s == "demo-seated" && claims.a == "C3")
        }
    }

    @Test func theCustomerClosingTheTabAfterPayingStillGetsTicketsByWebhook() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["D4"])
            let order = try await driver.order(asha, booking: held.bookingId)
            _ = try await driver.pay(order.orderId)
            // No verify: only the gateway's webhook.
            #expect(try await eventually { try await records("BookingConfirmed", in: log).count == 1 })
            let tickets = try await driver.get("/api/ticket/\(held.bookingId)", asha)
            #expect(tickets.status == .ok)
            struct Tickets: Decodable { var tickets: [TicketReply] }
            #expect(try decode(Tickets.self, tickets).tickets.map(\.admits) == ["D4"])
        }
    }

    @Test func aFailedPaymentIsRecordedAndIssuesNothing() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["D5"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let paid = try await driver.pay(order.orderId, succeed: false)
            #expect(paid.razorpay_signature == nil)
            #expect(try await eventually { try await records("PaymentFailed", in: log).count == 1 })
            #expect(try await records("BookingConfirmed", in: log).isEmpty)
        }
    }

    @Test func fiftyConcurrentVerifiesAndWebhooksConfirmOnceWithOneSetOfTickets() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["E1", "E2", "E3"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let paid = try await driver.pay(order.orderId)
            let webhook = signedWebhook("""
                {"entity":"event","event":"payment.captured","created_at":1,"payload":{"payment":{"entity":{"id":"\(paid.razorpay_payment_id)",\
                "entity":"payment","amount":\(order.amount),"currency":"INR","status":"captured","order_id":"\(order.orderId)"}}}}
                """)
            let answers = try await withThrowingTaskGroup(of: [String]?.self) { group in
                for n in 0..<50 {
                    group.addTask {
                        if n % 5 == 0 {
                            let response = try await driver.post("/api/payment/webhook", [.contentType: "application/json", .init("X-Razorpay-Signature")!: webhook.signature], webhook.body)
                            #expect(response.status == .ok)
                            return nil
                        }
                        let response = try await driver.verify(asha, booking: held.bookingId, paid)
                        #expect(response.status == .ok, "\(String(buffer: response.body))")
                        return try decode(ConfirmationReply.self, response).tickets.map(\.ticketId)
                    }
                }
                return try await group.reduce(into: [[String]]()) { if let ids = $1 { $0.append(ids) } }
            }
            #expect(answers.count == 40)
            #expect(Set(answers).count == 1)
            #expect(answers.first?.count == 3)
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await records("BookingConfirmed", in: log).count == 1)
            #expect(try await records("ItemsSold", in: log).count == 1)
        }
    }

    @Test func aPaidHoldCannotBeConfirmedAsFree() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["F1"])
            let refused = try await driver.post("/api/booking/confirm", asha, #"{"bookingId":"\#(held.bookingId)"}"#)
            #expect(refused.status == .conflict)
            #expect(try decode(ErrorBody.self, refused).error.code == "payment_required")
            #expect(try await records("ItemsSold", in: log).isEmpty)
        }
    }
}

func base64URL(_ text: String) -> Data? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return Data(base64Encoded: base64)
}
