import Domain
import Foundation
import Synchronization

/// The embedded payment gateway: orders, payments and refunds that work offline, signed exactly as Razorpay signs
/// them, so the verify and webhook code paths are the production ones. A test, the README's curl walk-through or
/// the checkout page "pays" an order (`pay`); the gateway then tells the server through a signed webhook, as
/// Razorpay would, and processes refunds the same way.
///
/// What it knows is kept in a journal file (one JSON line per change) so an order survives a server restart.
actor SandboxGateway: PaymentGateway {
    nonisolated let keyID = "rzp_test_sandbox"
    nonisolated let signatures: PaymentSignatures
    private let journal: SandboxJournal
    private var orders: [OrderID: GatewayOrder] = [:]
    private var payments: [PaymentID: GatewayPayment] = [:]
    private var refunds: [String: GatewayRefund] = [:]
    private var refundNotes: [String: [String: String]] = [:]
    /// How many of the next refunds the sandbox fails (to try the failure and retry path by hand or in tests).
    private var refundsToFail = 0
    /// Where webhooks go: the server's own webhook handler, given the raw body and its signature.
    nonisolated let webhooks = SandboxWebhookSink()

    init(signatures: PaymentSignatures, journal path: URL) throws {
        self.signatures = signatures
        journal = try SandboxJournal(path: path)
        for entry in try journal.entries() {
            switch entry {
            case .order(let order): orders[order.id] = order.order
            case .payment(let payment): payments[payment.id] = payment.payment
            case .refund(let refund):
                refunds[refund.id] = refund.refund
                refundNotes[refund.id] = refund.notes
            }
        }
    }

    func createOrder(amount: Money, receipt: String, notes: [String: String]) throws(GatewayError) -> GatewayOrder {
        guard amount.minor > 0 else { throw GatewayError(.refused, "an order needs an amount above zero") }
        let order = GatewayOrder(id: OrderID("order_\(Self.randomID())"), amount: amount, receipt: receipt, notes: notes)
        try record(.order(.init(order)))
        orders[order.id] = order
        return order
    }

    func order(_ id: OrderID) throws(GatewayError) -> GatewayOrder {
        guard let order = orders[id] else { throw GatewayError(.notFound, "no order \(id)") }
        return order
    }

    func payment(_ id: PaymentID) throws(GatewayError) -> GatewayPayment {
        guard let payment = payments[id] else { throw GatewayError(.notFound, "no payment \(id)") }
        return payment
    }

    func refunds(of payment: PaymentID) throws(GatewayError) -> [GatewayRefund] {
        guard payments[payment] != nil else { throw GatewayError(.notFound, "no payment \(payment)") }
        return refunds.values.filter { $0.payment == payment }.map { refund in
            var refund = refund
            refund.notes = refundNotes[refund.id] ?? [:]
            return refund
        }
    }

    func refund(_ payment: PaymentID, amount: Money, notes: [String: String]) throws(GatewayError) -> GatewayRefund {
        guard let paid = payments[payment], paid.status == .captured else {
            throw GatewayError(.refused, "payment \(payment) is not captured")
        }
        let refunded = refunds.values.filter { $0.payment == payment && $0.status != .failed }.reduce(Int64(0)) { $0 + $1.amount.minor }
        guard amount.minor > 0, amount.currency == paid.amount.currency, refunded + amount.minor <= paid.amount.minor else {
            throw GatewayError(.refused, "refund of \(amount) exceeds what is left of payment \(payment)")
        }
        let refund = GatewayRefund(id: "rfnd_\(Self.randomID())", payment: payment, amount: amount, status: .pending, notes: notes)
        try record(.refund(.init(refund, notes: notes)))
        refunds[refund.id] = refund
        refundNotes[refund.id] = notes
        // Like the real gateway, the refund completes later and the server hears of it by webhook.
        Task { await self.process(refund: refund.id) }
        return refund
    }

    /// What a customer does on the checkout page: pays the order in full (or fails to). Returns what the checkout
    /// hands to the browser, and tells the server by webhook.
    func pay(_ orderID: OrderID, succeed: Bool) async throws(GatewayError) -> SandboxCheckoutResult {
        guard let order = orders[orderID] else { throw GatewayError(.notFound, "no order \(orderID)") }
        if payments.values.contains(where: { $0.order == orderID && $0.status == .captured }) {
            throw GatewayError(.refused, "order \(orderID) is already paid")
        }
        let payment = GatewayPayment(id: PaymentID("pay_\(Self.randomID())"), order: orderID, amount: order.amount,
                                     status: succeed ? .captured : .failed)
        try record(.payment(.init(payment)))
        payments[payment.id] = payment
        let webhook = SandboxWebhook.payment(payment, notes: order.notes)
        await send(webhook)
        return SandboxCheckoutResult(
            orderID: orderID, paymentID: payment.id, succeeded: succeed,
            signature: succeed ? signatures.payment(order: orderID, payment: payment.id) : nil)
    }

    /// Makes the next `count` refunds fail at the gateway, as a real one sometimes does.
    func failNextRefunds(_ count: Int) {
        refundsToFail = max(0, count)
    }

    private func process(refund id: String) async {
        guard var refund = refunds[id], refund.status == .pending else { return }
        if refundsToFail > 0 {
            refundsToFail -= 1
            refund.status = .failed
        } else {
            refund.status = .processed
        }
        do {
            try record(.refund(.init(refund, notes: refundNotes[id] ?? [:])))
        } catch {
            return
        }
        refunds[id] = refund
        if var payment = payments[refund.payment] {
            let refunded = refunds.values.filter { $0.payment == payment.id && $0.status == .processed }.reduce(Int64(0)) { $0 + $1.amount.minor }
            if refunded == payment.amount.minor {
                payment.status = .refunded
                payments[payment.id] = payment
            }
        }
        await send(SandboxWebhook.refund(refund, notes: refundNotes[id] ?? [:]))
    }

    private func send(_ body: Data) async {
        await webhooks.deliver(body, signature: signatures.webhook(body: body))
    }

    private func record(_ entry: SandboxJournal.Entry) throws(GatewayError) {
        do {
            try journal.append(entry)
        } catch {
            throw GatewayError(.unavailable, "the sandbox could not record the change: \(error)")
        }
    }

    private static func randomID() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return String((0..<14).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}

/// Where the sandbox's webhooks go; connected by the composition root once the webhook handler exists (it needs
/// the gateway first). Until then, and in tests that leave it unconnected, webhooks are dropped, as a gateway's
/// would be with no webhook URL configured.
final class SandboxWebhookSink: Sendable {
    private let receiver = Mutex<(@Sendable (Data, String) async -> Void)?>(nil)

    func connect(_ receiver: @escaping @Sendable (Data, String) async -> Void) {
        self.receiver.withLock { $0 = receiver }
    }

    func deliver(_ body: Data, signature: String) async {
        guard let receiver = receiver.withLock({ $0 }) else { return }
        await receiver(body, signature)
    }
}

/// What the sandbox checkout hands back to the browser (Razorpay's checkout handler fields).
struct SandboxCheckoutResult: Sendable {
    var orderID: OrderID
    var paymentID: PaymentID
    var succeeded: Bool
    /// Present only for a successful payment.
    var signature: String?
}
