import AsyncHTTPClient
import Domain
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Razorpay's REST API over HTTPS (basic auth with the key id and secret): `POST /v1/orders`,
/// `GET /v1/orders/:id`, `GET /v1/orders/:id/payments`, `GET /v1/payments/:id`, `POST /v1/payments/:id/refund`. Amounts are integer paise on the
/// wire as in our money, so nothing is converted.
struct RazorpayGateway: PaymentGateway {
    let baseURL: String
    let keyID: String
    let signatures: PaymentSignatures
    private let authorization: String
    private let client: HTTPClient
    private let timeout: TimeAmount

    init(baseURL: String, keyID: String, keySecret: String, signatures: PaymentSignatures, client: HTTPClient = .shared,
         timeout: TimeAmount = .seconds(15)) {
        self.timeout = timeout
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.keyID = keyID
        self.signatures = signatures
        authorization = "Basic " + Data("\(keyID):\(keySecret)".utf8).base64EncodedString()
        self.client = client
    }

    struct OrderEntity: Codable {
        var id: String?
        var amount: Int64
        var currency: String
        var receipt: String?
        var notes: [String: String]?
    }

    struct PaymentEntity: Decodable {
        var id: String
        var amount: Int64
        var currency: String
        var status: String
        var orderID: String?
        enum CodingKeys: String, CodingKey {
            case id, amount, currency, status
            case orderID = "order_id"
        }
    }

    struct PaymentList: Decodable {
        var items: [PaymentEntity]
    }

    struct RefundRequest: Encodable {
        var amount: Int64
        var notes: [String: String]
    }

    struct RefundEntity: Decodable {
        var id: String
        var amount: Int64
        var currency: String
        var status: String
        var paymentID: String
        var notes: [String: String]?
        enum CodingKeys: String, CodingKey {
            case id, amount, currency, status, notes
            case paymentID = "payment_id"
        }

        var refund: GatewayRefund {
            GatewayRefund(id: id, payment: PaymentID(paymentID), amount: Money(minor: amount, currency: Currency(rawValue: currency)),
                          status: GatewayRefund.Status(rawValue: status) ?? .pending, notes: notes ?? [:])
        }
    }

    struct RefundList: Decodable {
        var items: [RefundEntity]
    }

    func createOrder(amount: Money, receipt: String, notes: [String: String]) async throws(GatewayError) -> GatewayOrder {
        let created: OrderEntity = try await call(.POST, "/v1/orders",
                                                  body: OrderEntity(amount: amount.minor, currency: amount.currency.code, receipt: receipt, notes: notes))
        return try gatewayOrder(from: created)
    }

    func order(_ id: OrderID) async throws(GatewayError) -> GatewayOrder {
        let entity: OrderEntity = try await call(.GET, "/v1/orders/\(id.rawValue)", body: Optional<OrderEntity>.none)
        return try gatewayOrder(from: entity)
    }

    func payment(_ id: PaymentID) async throws(GatewayError) -> GatewayPayment {
        let entity: PaymentEntity = try await call(.GET, "/v1/payments/\(id.rawValue)", body: Optional<OrderEntity>.none)
        guard let order = entity.orderID else { throw GatewayError(.refused, "payment \(id) has no order") }
        return gatewayPayment(from: entity, order: OrderID(order))
    }

    func payments(of order: OrderID) async throws(GatewayError) -> [GatewayPayment] {
        let list: PaymentList = try await call(.GET, "/v1/orders/\(order.rawValue)/payments", body: Optional<OrderEntity>.none)
        return list.items.map { gatewayPayment(from: $0, order: order) }
    }

    private func gatewayPayment(from entity: PaymentEntity, order: OrderID) -> GatewayPayment {
        // Authorised but not captured is not paid: the account must capture automatically.
        GatewayPayment(id: PaymentID(entity.id), order: order, amount: Money(minor: entity.amount, currency: Currency(rawValue: entity.currency)),
                       status: GatewayPayment.Status(rawValue: entity.status) ?? .failed)
    }

    func refund(_ payment: PaymentID, amount: Money, notes: [String: String]) async throws(GatewayError) -> GatewayRefund {
        let entity: RefundEntity = try await call(.POST, "/v1/payments/\(payment.rawValue)/refund", body: RefundRequest(amount: amount.minor, notes: notes))
        return entity.refund
    }

    func refunds(of payment: PaymentID) async throws(GatewayError) -> [GatewayRefund] {
        let list: RefundList = try await call(.GET, "/v1/payments/\(payment.rawValue)/refunds", body: Optional<OrderEntity>.none)
        return list.items.map(\.refund)
    }

    private func gatewayOrder(from entity: OrderEntity) throws(GatewayError) -> GatewayOrder {
        guard let id = entity.id else { throw GatewayError(.unavailable, "the gateway returned an order without an id") }
        return GatewayOrder(id: OrderID(id), amount: Money(minor: entity.amount, currency: Currency(rawValue: entity.currency)),
                            receipt: entity.receipt ?? "", notes: entity.notes ?? [:])
    }

    private func call<Body: Encodable, Answer: Decodable>(_ method: HTTPMethod, _ path: String, body: Body?) async throws(GatewayError) -> Answer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: authorization)
        let answer: ByteBuffer
        let status: HTTPResponseStatus
        do {
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(body)))
            }
            let response = try await client.execute(request, timeout: timeout)
            status = response.status
            answer = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw GatewayError(.unavailable, "\(method) \(path) failed: \(error)")
        }
        switch status.code {
        case 200..<300:
            do {
                return try JSONDecoder().decode(Answer.self, from: answer)
            } catch {
                throw GatewayError(.unavailable, "\(method) \(path) answered something unreadable")
            }
        case 404: throw GatewayError(.notFound, "\(method) \(path): not found")
        case 400..<500: throw GatewayError(.refused, "\(method) \(path) answered \(status.code): \(String(buffer: answer))")
        default: throw GatewayError(.unavailable, "\(method) \(path) answered \(status.code)")
        }
    }
}
