public import AsyncHTTPClient
public import Domain
public import Foundation
public import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Razorpay's REST API over HTTPS (basic auth with the key id and secret): `POST /v1/orders`,
/// `GET /v1/orders/:id`, `GET /v1/orders/:id/payments`, `GET /v1/payments/:id`, `POST /v1/payments/:id/refund`. Amounts are integer paise on the
/// wire as in our money, so nothing is converted.
public struct RazorpayGateway: PaymentGateway {
    public let baseURL: String
    public let keyID: String
    public let signatures: PaymentSignatures
    private let authorization: String
    private let client: HTTPClient
    private let timeout: TimeAmount

    public init(baseURL: String, keyID: String, keySecret: String, signatures: PaymentSignatures, client: HTTPClient = .shared,
         timeout: TimeAmount = .seconds(15)) {
        self.timeout = timeout
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.keyID = keyID
        self.signatures = signatures
        authorization = "Basic " + Data("\(keyID):\(keySecret)".utf8).base64EncodedString()
        self.client = client
    }

    public struct OrderEntity: Codable {
        public var id: String?
        public var amount: Int64
        public var currency: String
        public var receipt: String?
        public var notes: [String: String]?

        public init(id: String? = nil, amount: Int64, currency: String, receipt: String? = nil, notes: [String: String]? = nil) {
            self.id = id
            self.amount = amount
            self.currency = currency
            self.receipt = receipt
            self.notes = notes
        }
    }

    public struct PaymentEntity: Decodable {
        public var id: String
        public var amount: Int64
        public var currency: String
        public var status: String
        public var orderID: String?
        public enum CodingKeys: String, CodingKey {
            case id, amount, currency, status
            case orderID = "order_id"
        }

        public init(id: String, amount: Int64, currency: String, status: String, orderID: String? = nil) {
            self.id = id
            self.amount = amount
            self.currency = currency
            self.status = status
            self.orderID = orderID
        }
    }

    public struct PaymentList: Decodable {
        public var items: [PaymentEntity]

        public init(items: [PaymentEntity]) {
            self.items = items
        }
    }

    public struct RefundRequest: Encodable {
        public var amount: Int64
        public var notes: [String: String]

        public init(amount: Int64, notes: [String: String]) {
            self.amount = amount
            self.notes = notes
        }
    }

    public struct RefundEntity: Decodable {
        public var id: String
        public var amount: Int64
        public var currency: String
        public var status: String
        public var paymentID: String
        public var notes: [String: String]?
        public enum CodingKeys: String, CodingKey {
            case id, amount, currency, status, notes
            case paymentID = "payment_id"
        }

        public var refund: GatewayRefund {
            GatewayRefund(id: id, payment: PaymentID(paymentID), amount: Money(minor: amount, currency: Currency(rawValue: currency)),
                          status: GatewayRefund.Status(rawValue: status) ?? .pending, notes: notes ?? [:])
        }

        public init(id: String, amount: Int64, currency: String, status: String, paymentID: String, notes: [String: String]? = nil) {
            self.id = id
            self.amount = amount
            self.currency = currency
            self.status = status
            self.paymentID = paymentID
            self.notes = notes
        }
    }

    public struct RefundList: Decodable {
        public var items: [RefundEntity]

        public init(items: [RefundEntity]) {
            self.items = items
        }
    }

    public func createOrder(amount: Money, receipt: String, notes: [String: String]) async throws(GatewayError) -> GatewayOrder {
        let created: OrderEntity = try await call(.POST, "/v1/orders",
                                                  body: OrderEntity(amount: amount.minor, currency: amount.currency.code, receipt: receipt, notes: notes))
        return try gatewayOrder(from: created)
    }

    public func order(_ id: OrderID) async throws(GatewayError) -> GatewayOrder {
        let entity: OrderEntity = try await call(.GET, "/v1/orders/\(id.rawValue)", body: Optional<OrderEntity>.none)
        return try gatewayOrder(from: entity)
    }

    public func payment(_ id: PaymentID) async throws(GatewayError) -> GatewayPayment {
        let entity: PaymentEntity = try await call(.GET, "/v1/payments/\(id.rawValue)", body: Optional<OrderEntity>.none)
        guard let order = entity.orderID else { throw GatewayError(.refused, "payment \(id) has no order") }
        return gatewayPayment(from: entity, order: OrderID(order))
    }

    public func payments(of order: OrderID) async throws(GatewayError) -> [GatewayPayment] {
        let list: PaymentList = try await call(.GET, "/v1/orders/\(order.rawValue)/payments", body: Optional<OrderEntity>.none)
        return list.items.map { gatewayPayment(from: $0, order: order) }
    }

    private func gatewayPayment(from entity: PaymentEntity, order: OrderID) -> GatewayPayment {
        // Authorised but not captured is not paid: the account must capture automatically.
        GatewayPayment(id: PaymentID(entity.id), order: order, amount: Money(minor: entity.amount, currency: Currency(rawValue: entity.currency)),
                       status: GatewayPayment.Status(rawValue: entity.status) ?? .failed)
    }

    public func refund(_ payment: PaymentID, amount: Money, notes: [String: String]) async throws(GatewayError) -> GatewayRefund {
        let entity: RefundEntity = try await call(.POST, "/v1/payments/\(payment.rawValue)/refund", body: RefundRequest(amount: amount.minor, notes: notes))
        return entity.refund
    }

    public func refunds(of payment: PaymentID) async throws(GatewayError) -> [GatewayRefund] {
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
