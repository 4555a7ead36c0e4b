@testable import API
import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A stand-in for Razorpay's REST API on a real port: records each call and answers like the real one.
private final class FakeRazorpay: Sendable {
    let calls = Mutex<[(method: String, path: String, authorization: String?, body: String)]>([])

    func application() -> some ApplicationProtocol {
        let router = Router()
        let record: @Sendable (Request) async throws -> Void = { request in
            let body = try await request.body.collect(upTo: 1 << 16)
            self.calls.withLock { $0.append((request.method.rawValue, request.uri.path, request.headers[.authorization], String(buffer: body))) }
        }
        router.post("v1/orders") { request, _ -> Response in
            try await record(request)
            return Self.json(#"{"id":"order_R1","entity":"order","amount":56000,"currency":"INR","receipt":"r1","notes":{"bookingId":"b1"},"status":"created"}"#)
        }
        router.get("v1/orders/:id") { request, context -> Response in
            try await record(request)
            guard context.parameters.get("id") == "order_R1" else {
                return Self.json(#"{"error":{"code":"BAD_REQUEST_ERROR","description":"The id provided does not exist"}}"#, status: .notFound)
            }
            return Self.json(#"{"id":"order_R1","entity":"order","amount":56000,"currency":"INR","receipt":"r1","notes":{"bookingId":"b1"}}"#)
        }
        router.get("v1/orders/:id/payments") { request, _ -> Response in
            try await record(request)
            return Self.json(#"{"entity":"collection","count":2,"items":[{"id":"pay_F0","entity":"payment","amount":56000,"currency":"INR","status":"failed","order_id":"order_R1"},{"id":"pay_P1","entity":"payment","amount":56000,"currency":"INR","status":"captured","order_id":"order_R1"}]}"#)
        }
        router.get("v1/payments/:id") { request, _ -> Response in
            try await record(request)
            return Self.json(#"{"id":"pay_P1","entity":"payment","amount":56000,"currency":"INR","status":"captured","order_id":"order_R1","method":"upi"}"#)
        }
        router.post("v1/payments/:id/refund") { request, _ -> Response in
            try await record(request)
            return Self.json(#"{"error":{"code":"BAD_REQUEST_ERROR","description":"The refund amount provided is greater than amount captured"}}"#, status: .badRequest)
        }
        router.get("v1/payments/:id/refunds") { request, _ -> Response in
            try await record(request)
            return Self.json(#"{"entity":"collection","count":1,"items":[{"id":"rfnd_F1","entity":"refund","amount":1000,"currency":"INR","payment_id":"pay_P1","notes":{"refundId":"refund-1"},"status":"processed"}]}"#)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

@Suite("Payments: the Razorpay client")
struct RazorpayGatewayTests {
    private func gateway(port: Int?) throws -> RazorpayGateway {
        RazorpayGateway(baseURL: "http://127.0.0.1:\(try #require(port))", keyID: "rzp_test_K", keySecret: "secret",
                        signatures: PaymentSignatures(keySecret: "secret", webhookSecret: "hook"))
    }

    @Test func ordersPaymentsAndRefundsSpeakRazorpaysAPIWithBasicAuth() async throws {
        let api = FakeRazorpay()
        try await api.application().test(.live) { client in
            let gateway = try gateway(port: client.port)
            let order = try await gateway.createOrder(amount: Money(minor: 56_000), receipt: "r1", notes: ["bookingId": "b1"])
            #expect(order == GatewayOrder(id: OrderID("order_R1"), amount: Money(minor: 56_000), receipt: "r1", notes: ["bookingId": "b1"]))
            #expect(try await gateway.order(OrderID("order_R1")).notes["bookingId"] == "b1")
            let payment = try await gateway.payment(PaymentID("pay_P1"))
            #expect(payment == GatewayPayment(id: PaymentID("pay_P1"), order: OrderID("order_R1"), amount: Money(minor: 56_000), status: .captured))
            let attempts = try await gateway.payments(of: OrderID("order_R1"))
            #expect(attempts.map(\.status) == [.failed, .captured] && attempts.map(\.id) == [PaymentID("pay_F0"), PaymentID("pay_P1")])
            let refunds = try await gateway.refunds(of: PaymentID("pay_P1"))
            #expect(refunds.map(\.id) == ["rfnd_F1"] && refunds.first?.notes["refundId"] == "refund-1" && refunds.first?.status == .processed)
        }
        let calls = api.calls.withLock { $0 }
        #expect(calls.map { "\($0.method) \($0.path)" } == ["POST /v1/orders", "GET /v1/orders/order_R1", "GET /v1/payments/pay_P1", "GET /v1/orders/order_R1/payments", "GET /v1/payments/pay_P1/refunds"])
        #expect(calls.allSatisfy { $0.authorization == "Basic " + Data("rzp_test_K:secret".utf8).base64EncodedString() })
        struct SentOrder: Decodable, Equatable { var amount: Int64; var currency: String; var receipt: String; var notes: [String: String] }
        #expect(try JSONDecoder().decode(SentOrder.self, from: Data(calls[0].body.utf8)) == SentOrder(amount: 56_000, currency: "INR", receipt: "r1", notes: ["bookingId": "b1"]))
    }

    @Test func refusalsAndMissingThingsAreTypedSoTheCallerCanAnswerHonestly() async throws {
        let api = FakeRazorpay()
        try await api.application().test(.live) { client in
            let gateway = try gateway(port: client.port)
            await #expect { _ = try await gateway.order(OrderID("order_unknown")) } throws: { ($0 as? GatewayError)?.kind == .notFound }
            await #expect { _ = try await gateway.refund(PaymentID("pay_P1"), amount: Money(minor: 99_999), notes: [:]) } throws: { error in
                guard let error = error as? GatewayError else { return false }
                return error.kind == .refused && error.message.contains("greater than amount captured")
            }
        }
        // Nobody listening: unavailable, so the caller can say "try again".
        let unreachable = RazorpayGateway(baseURL: "http://127.0.0.1:9", keyID: "k", keySecret: "s",
                                          signatures: PaymentSignatures(keySecret: "s", webhookSecret: "h"), timeout: .seconds(2))
        await #expect { _ = try await unreachable.payment(PaymentID("pay_P1")) } throws: { ($0 as? GatewayError)?.kind == .unavailable }
    }

    @Test func paymentSignaturesAreRazorpaysHMACInHexAndAnythingElseIsRefused() {
        let signatures = PaymentSignatures(keySecret: "secret", webhookSecret: "hook")
        let signature = signatures.payment(order: OrderID("order_R1"), payment: PaymentID("pay_P1"))
        // HMAC-SHA256 under "secret" of "order_R1|pay_P1", from `openssl dgst -sha256 -hmac secret`.
        #expect(signature == "97a17e53e9d11776b3c4e1263ad777e352b72948b937e465f51e88e3fefbeecb")
        #expect(signatures.isValidPayment(order: OrderID("order_R1"), payment: PaymentID("pay_P1"), signature: signature))
        #expect(signatures.isValidPayment(order: OrderID("order_R1"), payment: PaymentID("pay_P1"), signature: signature.uppercased()))
        #expect(!signatures.isValidPayment(order: OrderID("order_R2"), payment: PaymentID("pay_P1"), signature: signature))
        #expect(!signatures.isValidPayment(order: OrderID("order_R1"), payment: PaymentID("pay_P1"), signature: String(signature.dropLast())))
        #expect(!signatures.isValidPayment(order: OrderID("order_R1"), payment: PaymentID("pay_P1"), signature: "zz" + signature.dropFirst(2)))
    }
}
