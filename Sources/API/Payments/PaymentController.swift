import App
import Domain
import EventStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// `/api/payment`: an order for the customer's hold, priced by the server; verifying the checkout's payment
/// against that order only; the gateway's signed webhook; a customer's cancellation and refund.
struct PaymentController {
    let sessions: SessionSigner
    let gateway: any PaymentGateway
    let checkout: Checkout
    let refunds: Refunds
    let webhooks: PaymentWebhooks
    let access: TicketAccess
    let mail: BookingMail
    /// Where a browser pays a sandbox order (`nil` with a real gateway).
    let sandboxCheckout: Bool

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/payment/order") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(OrderBody.self)
            let order = try await checkout.order(for: try BookingID(field: "bookingId", body.bookingId), customer: CustomerID(customer.id), now: .now())
            return OrderResponse(order, keyID: gateway.keyID, sandbox: sandboxCheckout)
        }
        router.post("api/payment/verify") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(VerifyBody.self)
            let booking = try BookingID(field: "bookingId", body.bookingId)
            let (order, payment) = (try OrderID(field: "razorpay_order_id", body.razorpay_order_id), try PaymentID(field: "razorpay_payment_id", body.razorpay_payment_id))
            guard gateway.signatures.isValidPayment(order: order, payment: payment, signature: body.razorpay_signature) else {
                throw APIError.invalidSignature("field razorpay_signature does not match razorpay_order_id and razorpay_payment_id")
            }
            // Then ownership: somebody else's booking does not exist for this customer.
            let granted = try await access.open(booking, for: customer)
            guard granted.state.order == order else {
                throw APIError.wrongOrder("field razorpay_order_id is not booking \(booking)'s order")
            }
            let confirmed = try await checkout.confirm(booking, order: order, payment: payment, now: .now())
            let tickets = try access.tickets(of: TicketAccess.Granted(booking: booking, state: confirmed.state, terms: granted.terms, show: granted.show))
            return ConfirmationResponse(bookingId: booking.rawValue, status: confirmed.state.status.rawValue, tickets: tickets,
                                        position: confirmed.position?.rawValue)
        }
        router.post("api/payment/webhook") { request, _ in
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: 256 << 10)
            } catch {
                throw APIError.bodyTooLarge("the webhook body is larger than 256 KiB")
            }
            let handled = try await webhooks.receive(body: Data(buffer: body), signature: request.headers[HTTPField.Name("X-Razorpay-Signature")!])
            return WebhookResponse(handled: handled.rawValue)
        }
        router.post("api/payment/refund") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(OrderBody.self)
            let booking = try BookingID(field: "bookingId", body.bookingId)
            let hadRefund = try await access.open(booking, for: customer).state.refund != nil
            let outcome = try await refunds.cancel(booking, customer: CustomerID(customer.id), now: .now())
            if !hadRefund { await mail.refundRequested(booking, state: outcome.state) }
            return RefundResponse(bookingId: booking.rawValue, state: outcome.state, position: outcome.position?.rawValue)
        }
    }

    struct OrderBody: Decodable {
        var bookingId: String
    }

    /// What Razorpay's checkout hands the browser, plus the booking it paid for.
    struct VerifyBody: Decodable {
        var bookingId: String
        var razorpay_order_id: String
        var razorpay_payment_id: String
        var razorpay_signature: String
    }
}

struct OrderResponse: ResponseEncodable {
    var orderId: String
    var keyId: String
    var amount: Int64
    var currency: String
    var bookingId: String
    var eventId: String
    var price: PriceBreakdown
    var expiresAt: Int64
    /// The sandbox's checkout page for this order (absent with a real gateway).
    var checkoutUrl: String?
    var position: UInt64?

    init(_ order: Checkout.Order, keyID: String, sandbox: Bool) {
        orderId = order.order.id.rawValue
        keyId = keyID
        amount = order.order.amount.minor
        currency = order.order.amount.currency.code
        bookingId = order.booking.rawValue
        eventId = order.terms.show.rawValue
        price = order.terms.price
        expiresAt = order.terms.expiresAt.rawValue
        checkoutUrl = sandbox ? "/sandbox/checkout/\(order.order.id.rawValue)" : nil
        position = order.position?.rawValue
    }
}

struct ConfirmationResponse: ResponseEncodable {
    var bookingId: String
    var status: String
    var tickets: [TicketView]
    var position: UInt64?
}

struct WebhookResponse: ResponseEncodable {
    var handled: String
}

struct RefundResponse: ResponseEncodable {
    struct Refund: Encodable {
        var refundId: String
        var amount: Money
        /// `requested`, `processing`, `processed` or `failed`.
        var status: String
        var reason: String
    }
    var bookingId: String
    var status: String
    var refund: Refund?
    var position: UInt64?

    init(bookingId: String, state: Booking.State, position: UInt64?) {
        self.bookingId = bookingId
        status = state.status.rawValue
        refund = state.refund.map { refund in
            let progress = switch refund.progress {
            case .requested: "requested"
            case .processing: "processing"
            case .processed: "processed"
            case .failed: "failed"
            }
            return Refund(refundId: refund.id.rawValue, amount: refund.amount, status: progress, reason: refund.reason.rawValue)
        }
        self.position = position
    }
}
