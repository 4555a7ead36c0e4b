public import Domain
public import EventStore
public import Foundation

/// The embedded payment gateway: orders, payments and refunds that work offline, signed exactly as Razorpay signs
/// them, so the verify and webhook code paths are the production ones. A test, the README's curl walk-through or
/// the checkout page "pays" an order (`pay`); the gateway then tells the server through a signed webhook, as
/// Razorpay would, and processes refunds the same way.
///
/// What it knows is kept in a journal file (one JSON line per change) so an order survives a server restart. Its
/// webhooks are journalled with the change they announce and sent until the server acknowledges them, with backoff,
/// after a restart too (`SandboxWebhookDelivery`), as a real gateway keeps retrying a webhook it could not deliver.
public actor SandboxGateway: PaymentGateway {
    public nonisolated let keyID = "rzp_test_sandbox"
    public nonisolated let signatures: PaymentSignatures
    private let journal: SandboxJournal
    private var orders: [OrderID: GatewayOrder] = [:]
    private var payments: [PaymentID: GatewayPayment] = [:]
    private var refunds: [String: GatewayRefund] = [:]
    private var refundNotes: [String: [String: String]] = [:]
    /// How many of the next refunds the sandbox fails (to try the failure and retry path by hand or in tests).
    private var refundsToFail = 0
    /// Webhooks not yet acknowledged, by id.
    private var undelivered: [String: PendingWebhook] = [:]
    /// Rung when a webhook is queued, so the delivery loop need not poll.
    public nonisolated let webhookQueued = Alarm()

    /// Over a journal file (tests, tools).
    public init(signatures: PaymentSignatures, journal path: URL) async throws {
        try await self.init(signatures: signatures, journal: FileJournal(path: path))
    }

    /// Over a shared journal: every node over one log knows every order, payment and refund.
    public init(signatures: PaymentSignatures, journal: any SharedJournal) async throws {
        self.signatures = signatures
        self.journal = SandboxJournal(journal)
        try await follow(webhooks: true)
    }

    /// Applies what was journalled since the last call, by this node or another. Only on start does a webhook
    /// become this node's to deliver: one journalled later is delivered by the node that wrote it (after a restart,
    /// by whichever node starts first; the server's handling of webhooks is idempotent).
    private func follow(webhooks: Bool) async throws {
        // This node reads its own lines back too, after it changed its memory: a line never takes a payment or a
        // refund back to an earlier state (a payment is journalled once, as paid; a refund as pending, then settled).
        for entry in try await journal.newEntries() {
            switch entry {
            case .order(let order): orders[order.id] = order.order
            case .payment(let payment): if payments[payment.id] == nil { payments[payment.id] = payment.payment }
            case .refund(let refund):
                if refunds[refund.id].map({ $0.status == .pending }) ?? true { refunds[refund.id] = refund.refund }
                refundNotes[refund.id] = refund.notes
            case .webhook(let webhook): if webhooks { undelivered[webhook.id] = PendingWebhook(webhook, due: .now) }
            case .delivered(let delivered): undelivered[delivered.id] = nil
            }
        }
    }

    /// Catches up with the journal before answering from memory (another node may have made the order).
    private func catchUp() async throws(GatewayError) {
        do {
            try await follow(webhooks: false)
        } catch {
            throw GatewayError(.unavailable, "the sandbox could not read its journal: \(error)")
        }
    }

    public func createOrder(amount: Money, receipt: String, notes: [String: String]) async throws(GatewayError) -> GatewayOrder {
        guard amount.minor > 0 else { throw GatewayError(.refused, "an order needs an amount above zero") }
        let order = GatewayOrder(id: OrderID("order_\(Self.randomID())"), amount: amount, receipt: receipt, notes: notes)
        try await record([.order(.init(order))])
        orders[order.id] = order
        return order
    }

    public func order(_ id: OrderID) async throws(GatewayError) -> GatewayOrder {
        if orders[id] == nil { try await catchUp() }
        guard let order = orders[id] else { throw GatewayError(.notFound, "no order \(id)") }
        return order
    }

    public func payment(_ id: PaymentID) async throws(GatewayError) -> GatewayPayment {
        try await catchUp()
        guard let payment = payments[id] else { throw GatewayError(.notFound, "no payment \(id)") }
        return payment
    }

    public func payments(of order: OrderID) async throws(GatewayError) -> [GatewayPayment] {
        try await catchUp()
        guard orders[order] != nil else { throw GatewayError(.notFound, "no order \(order)") }
        return payments.values.filter { $0.order == order }.sorted { $0.id.rawValue < $1.id.rawValue }
    }

    public func refunds(of payment: PaymentID) async throws(GatewayError) -> [GatewayRefund] {
        try await catchUp()
        guard payments[payment] != nil else { throw GatewayError(.notFound, "no payment \(payment)") }
        return refunds.values.filter { $0.payment == payment }.map { refund in
            var refund = refund
            refund.notes = refundNotes[refund.id] ?? [:]
            return refund
        }
    }

    public func refund(_ payment: PaymentID, amount: Money, notes: [String: String]) async throws(GatewayError) -> GatewayRefund {
        try await catchUp()
        guard let paid = payments[payment], paid.status == .captured else {
            throw GatewayError(.refused, "payment \(payment) is not captured")
        }
        let refunded = refunds.values.filter { $0.payment == payment && $0.status != .failed }.reduce(Int64(0)) { $0 + $1.amount.minor }
        guard amount.minor > 0, amount.currency == paid.amount.currency, refunded + amount.minor <= paid.amount.minor else {
            throw GatewayError(.refused, "refund of \(amount) exceeds what is left of payment \(payment)")
        }
        let refund = GatewayRefund(id: "rfnd_\(Self.randomID())", payment: payment, amount: amount, status: .pending, notes: notes)
        // Counted before the journal write suspends this actor, so a refund asked for meanwhile sees it.
        refunds[refund.id] = refund
        refundNotes[refund.id] = notes
        do {
            try await record([.refund(.init(refund, notes: notes))])
        } catch {
            refunds[refund.id] = nil
            refundNotes[refund.id] = nil
            throw error
        }
        // Like the real gateway, the refund completes later and the server hears of it by webhook.
        Task { await self.process(refund: refund.id) }
        return refund
    }

    /// What a customer does on the checkout page: pays the order in full (or fails to). Returns what the checkout
    /// hands to the browser, and tells the server by webhook.
    public func pay(_ orderID: OrderID, succeed: Bool) async throws(GatewayError) -> SandboxCheckoutResult {
        try await catchUp()
        guard let order = orders[orderID] else { throw GatewayError(.notFound, "no order \(orderID)") }
        if payments.values.contains(where: { $0.order == orderID && $0.status == .captured }) {
            throw GatewayError(.refused, "order \(orderID) is already paid")
        }
        let payment = GatewayPayment(id: PaymentID("pay_\(Self.randomID())"), order: orderID, amount: order.amount,
                                     status: succeed ? .captured : .failed)
        // The payment and the webhook telling the server are journalled together: a crash after this line still
        // delivers it once the server is back.
        let webhook = webhook(SandboxWebhook.payment(payment, notes: order.notes))
        // Known before the journal write suspends this actor, so a second pay meanwhile finds the order paid.
        payments[payment.id] = payment
        do {
            try await record([.payment(.init(payment)), .webhook(webhook)])
        } catch {
            payments[payment.id] = nil
            throw error
        }
        queue(webhook)
        return SandboxCheckoutResult(
            orderID: orderID, paymentID: payment.id, succeeded: succeed,
            signature: succeed ? signatures.payment(order: orderID, payment: payment.id) : nil)
    }

    /// Makes the next `count` refunds fail at the gateway, as a real one sometimes does.
    public func failNextRefunds(_ count: Int) {
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
        let webhook = webhook(SandboxWebhook.refund(refund, notes: refundNotes[id] ?? [:]))
        // Settled before the journal write suspends this actor, so nothing processes it twice meanwhile.
        let pending = refunds[id]
        refunds[id] = refund
        do {
            try await record([.refund(.init(refund, notes: refundNotes[id] ?? [:])), .webhook(webhook)])
        } catch {
            refunds[id] = pending
            return
        }
        if var payment = payments[refund.payment] {
            let refunded = refunds.values.filter { $0.payment == payment.id && $0.status == .processed }.reduce(Int64(0)) { $0 + $1.amount.minor }
            if refunded == payment.amount.minor {
                payment.status = .refunded
                payments[payment.id] = payment
            }
        }
        queue(webhook)
    }

    /// Refunds still pending when the process stopped complete now, as a gateway's would have meanwhile.
    public func resumePendingRefunds() async {
        for (id, refund) in refunds where refund.status == .pending { await process(refund: id) }
    }

    /// The webhooks due for delivery at `now`; each is handed out once until its outcome is reported.
    public func dueWebhooks(at now: ContinuousClock.Instant) -> [PendingWebhook] {
        let due = undelivered.values.filter { !$0.inFlight && $0.due <= now }.sorted { $0.due < $1.due }
        for webhook in due { undelivered[webhook.line.id]?.inFlight = true }
        return due
    }

    /// When the next webhook not in flight falls due, if any.
    public func nextWebhookDue() -> ContinuousClock.Instant? {
        undelivered.values.filter { !$0.inFlight }.map(\.due).min()
    }

    /// The server took the webhook: it is journalled as delivered and never sent again.
    public func webhookDelivered(_ id: String) async {
        do {
            try await journal.append([.delivered(.init(id: id))])
        } catch {
            // Not journalled: sent again after a restart, which the server's idempotent handling absorbs.
        }
        undelivered[id] = nil
    }

    /// The server did not take it (down, busy, failing): tried again after a backoff that doubles up to a minute.
    public func webhookFailed(_ id: String, at now: ContinuousClock.Instant) {
        guard var webhook = undelivered[id] else { return }
        webhook.attempts += 1
        webhook.inFlight = false
        webhook.due = now + PendingWebhook.backoff(after: webhook.attempts)
        undelivered[id] = webhook
    }

    private func webhook(_ body: Data) -> SandboxJournal.WebhookLine {
        SandboxJournal.WebhookLine(id: "whk_\(Self.randomID())", body: body, signature: signatures.webhook(body: body))
    }

    private func queue(_ webhook: SandboxJournal.WebhookLine) {
        undelivered[webhook.id] = PendingWebhook(webhook, due: .now)
        webhookQueued.ring()
    }

    private func record(_ entries: [SandboxJournal.Entry]) async throws(GatewayError) {
        do {
            try await journal.append(entries)
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

/// A webhook the sandbox owes the server, with its delivery attempts so far.
public struct PendingWebhook: Sendable {
    public var line: SandboxJournal.WebhookLine
    public var due: ContinuousClock.Instant
    public var attempts = 0
    public var inFlight = false

    public init(_ line: SandboxJournal.WebhookLine, due: ContinuousClock.Instant) {
        self.line = line
        self.due = due
    }

    /// 0.5 s, 1 s, 2 s … doubling up to a minute between attempts: never given up, as the money depends on it.
    public static func backoff(after attempts: Int) -> Duration {
        .milliseconds(min(500 << min(attempts - 1, 10), 60_000))
    }
}

/// What the sandbox checkout hands back to the browser (Razorpay's checkout handler fields).
public struct SandboxCheckoutResult: Sendable {
    public var orderID: OrderID
    public var paymentID: PaymentID
    public var succeeded: Bool
    /// Present only for a successful payment.
    public var signature: String?

    public init(orderID: OrderID, paymentID: PaymentID, succeeded: Bool, signature: String? = nil) {
        self.orderID = orderID
        self.paymentID = paymentID
        self.succeeded = succeeded
        self.signature = signature
    }
}
