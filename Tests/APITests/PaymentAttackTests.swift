import API
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Each attack is refused and changes nothing: the log's head is where it was before.
@Suite("API: attacks on payments, refunds and tickets")
struct PaymentAttackTests {
    @Test func aForgedPaymentSignatureIsRefused() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["A1"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let head = try await log.head()
            let forged = PaidReply(razorpay_order_id: order.orderId, razorpay_payment_id: "pay_forged0000000",
                                   razorpay_signature: String(repeating: "ab", count: 32))
            let response = try await driver.verify(asha, booking: held.bookingId, forged)
            #expect(response.status == .badRequest)
            #expect(try decode(ErrorBody.self, response).error.code == "invalid_signature")
            #expect(try await log.head() == head)
        }
    }

    @Test func aGenuinePaymentOfAnotherOrderConfirmsNothing() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            // A cheap booking paid for honestly...
            let cheap = try await driver.hold(asha, seats: ["A1"])
            let cheapOrder = try await driver.order(asha, booking: cheap.bookingId)
            let paid = try await driver.pay(cheapOrder.orderId)
            #expect(try await eventually { try await records("BookingConfirmed", in: log).count == 1 })
            // ...and its valid signature presented for a dearer one.
            let dear = try await driver.hold(asha, seats: ["H1", "H2", "H3"])
            _ = try await driver.order(asha, booking: dear.bookingId)
            let head = try await log.head()
            let response = try await driver.verify(asha, booking: dear.bookingId, paid)
            #expect(response.status == .badRequest)
            #expect(try decode(ErrorBody.self, response).error.code == "wrong_order")
            #expect(try await log.head() == head)
        }
    }

    @Test func seatsAndAmountsClaimedInTheVerifyBodyAreIgnored() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["B1"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let paid = try await driver.pay(order.orderId)
            let response = try await driver.verify(asha, booking: held.bookingId, paid,
                                                   extra: #","seats":["H1","H2","H3","H4"],"totalAmount":1,"amount":1,"eventId":"demo-open""#)
            #expect(response.status == .ok)
            let confirmed = try decode(ConfirmationReply.self, response)
            #expect(confirmed.tickets.map(\.admits) == ["B1"])
        }
    }

    @Test func anotherCustomerCannotVerifyRefundOrFetchSomebodysBooking() async throws {
        let asha = try await customer("asha")
        let ravi = try await customer("ravi")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C1"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let paid = try await driver.pay(order.orderId)
            let confirmed = try decode(ConfirmationReply.self, try await driver.verify(asha, booking: held.bookingId, paid))
            try await Task.sleep(for: .milliseconds(100))
            let head = try await log.head()
            let ticket = try #require(confirmed.tickets.first)
            for response in [
                try await driver.verify(ravi, booking: held.bookingId, paid),
                try await driver.post("/api/payment/order", ravi, #"{"bookingId":"\#(held.bookingId)"}"#),
                try await driver.post("/api/payment/refund", ravi, #"{"bookingId":"\#(held.bookingId)"}"#),
                try await driver.get("/api/ticket/\(held.bookingId)", ravi),
                try await driver.get("/api/ticket/\(held.bookingId)/pdf", ravi),
                try await driver.get("/api/ticket/\(held.bookingId)/\(ticket.ticketId)/qr.png", ravi),
                try await driver.get("/api/ticket/\(held.bookingId)", try await organizer("someone-else")),
            ] {
                #expect(response.status == .notFound, "\(String(buffer: response.body))")
            }
            #expect(try await log.head() == head)
        }
    }

    @Test func aWebhookIsAcceptedOnlyWithAValidSignatureOverItsRawBody() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let held = try await driver.hold(asha, seats: ["C2"])
            let order = try await driver.order(asha, booking: held.bookingId)
            let paid = try await driver.pay(order.orderId)
            #expect(try await eventually { try await records("BookingConfirmed", in: log).count == 1 })
            // The same event with its keys in another order and other spacing: what a parse-and-reserialise sees.
            let raw = """
                {"event":"payment.captured", "entity":"event","created_at":1,"payload":{"payment":{"entity":{"id":"\(paid.razorpay_payment_id)",\
                "entity":"payment","amount":\(order.amount),"currency":"INR","status":"captured","order_id":"\(order.orderId)"}}}}
                """
            let signed = signedWebhook(raw)
            let reserialised = try String(decoding: JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(raw.utf8)), options: [.sortedKeys]), as: UTF8.self)
            #expect(reserialised != raw)
            let head = try await log.head()
            let signature = HTTPField.Name("X-Razorpay-Signature")!
            let attempts: [(String, HTTPFields)] = [
                (raw, [.contentType: "application/json"]),
                (raw, [.contentType: "application/json", signature: String(repeating: "0", count: 64)]),
                (reserialised, [.contentType: "application/json", signature: signed.signature]),
            ]
            for (body, headers) in attempts {
                let response = try await driver.post("/api/payment/webhook", headers, body)
                #expect(response.status == .badRequest)
                #expect(try decode(ErrorBody.self, response).error.code == "invalid_signature")
            }
            // Correctly signed, but already applied (a replay): answered, nothing appended.
            let replay = try await driver.post("/api/payment/webhook", [.contentType: "application/json", signature: signed.signature], raw)
            #expect(replay.status == .ok)
            #expect(try await log.head() == head)
        }
    }
}
