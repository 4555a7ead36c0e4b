import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The payment routes' answers, as a client reads them.
struct HoldReply: Decodable {
    struct Price: Decodable {
        struct Amount: Decodable { var minor: Int64 }
        var total: Amount
    }
    var bookingId: String
    var price: Price
}

struct OrderReply: Decodable {
    var orderId: String
    var amount: Int64
    var currency: String
    var bookingId: String
    var checkoutUrl: String?
}

struct PaidReply: Decodable {
    var razorpay_order_id: String
    var razorpay_payment_id: String
    var razorpay_signature: String?
}

struct TicketReply: Decodable, Equatable {
    var ticketId: String
    var admits: String
    var token: String
    var status: String
}

struct ConfirmationReply: Decodable {
    var bookingId: String
    var status: String
    var tickets: [TicketReply]
}

/// Drives a customer through hold → order → sandbox payment over the test client.
struct CheckoutDriver {
    let client: any TestClientProtocol

    func post(_ uri: String, _ headers: HTTPFields, _ json: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json)) { $0 }
    }

    func put(_ uri: String, _ headers: HTTPFields, _ json: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .put, headers: headers, body: ByteBuffer(string: json)) { $0 }
    }

    func get(_ uri: String, _ headers: HTTPFields) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { $0 }
    }

    func hold(_ headers: HTTPFields, show: String = "demo-seated", seats: [String]) async throws -> HoldReply {
        let seatList = seats.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try await post("/api/booking/hold", headers, #"{"eventId":"\#(show)","seats":[\#(seatList)]}"#)
        try #require(response.status == .ok, "hold: \(String(buffer: response.body))")
        return try decode(HoldReply.self, response)
    }

    func order(_ headers: HTTPFields, booking: String) async throws -> OrderReply {
        let response = try await post("/api/payment/order", headers, #"{"bookingId":"\#(booking)"}"#)
        try #require(response.status == .ok, "order: \(String(buffer: response.body))")
        return try decode(OrderReply.self, response)
    }

    func pay(_ order: String, succeed: Bool = true) async throws -> PaidReply {
        let response = try await post("/sandbox/checkout/\(order)/pay", [.contentType: "application/json"],
                                      #"{"outcome":"\#(succeed ? "succeed" : "fail")"}"#)
        try #require(response.status == .ok, "pay: \(String(buffer: response.body))")
        return try decode(PaidReply.self, response)
    }

    func verify(_ headers: HTTPFields, booking: String, _ paid: PaidReply, extra: String = "") async throws -> TestResponse {
        try await post("/api/payment/verify", headers, """
            {"bookingId":"\(booking)","razorpay_order_id":"\(paid.razorpay_order_id)",\
            "razorpay_payment_id":"\(paid.razorpay_payment_id)","razorpay_signature":"\(paid.razorpay_signature ?? "")"\(extra)}
            """)
    }

    /// Hold, order, pay and verify: the confirmed booking with its tickets.
    func buy(_ headers: HTTPFields, show: String = "demo-seated", seats: [String]) async throws -> ConfirmationReply {
        let held = try await hold(headers, show: show, seats: seats)
        let order = try await order(headers, booking: held.bookingId)
        let paid = try await pay(order.orderId)
        let response = try await verify(headers, booking: held.bookingId, paid)
        try #require(response.status == .ok, "verify: \(String(buffer: response.body))")
        return try decode(ConfirmationReply.self, response)
    }
}
