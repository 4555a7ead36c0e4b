public import Domain
public import EventStore
public import Foundation

/// The sandbox gateway's memory: one JSON line per change, appended, replayed on start, and followed while running
/// so that an order made through one node is known to every node over the same log (`SharedJournal`). A file
/// journal is not fsync'd: it stands in for a remote service, and an operating-system crash losing its last changes
/// costs only sandbox orders (the log, which is fsync'd, is what records a payment). Used by the gateway's actor only.
public final class SandboxJournal: @unchecked Sendable {
    public enum Entry: Codable, Sendable {
        case order(OrderLine)
        case payment(PaymentLine)
        case refund(RefundLine)
        /// A webhook the gateway owes the server, written with the change it announces.
        case webhook(WebhookLine)
        /// The server acknowledged that webhook: it is never sent again.
        case delivered(DeliveredLine)
    }

    public struct WebhookLine: Codable, Sendable {
        public var id: String
        public var body: Data
        public var signature: String

        public init(id: String, body: Data, signature: String) {
            self.id = id
            self.body = body
            self.signature = signature
        }
    }

    public struct DeliveredLine: Codable, Sendable {
        public var id: String

        public init(id: String) {
            self.id = id
        }
    }

    public struct OrderLine: Codable, Sendable {
        public var id: OrderID
        public var amount: Money
        public var receipt: String
        public var notes: [String: String]
        public init(_ order: GatewayOrder) {
            (id, amount, receipt, notes) = (order.id, order.amount, order.receipt, order.notes)
        }
        public var order: GatewayOrder { GatewayOrder(id: id, amount: amount, receipt: receipt, notes: notes) }
    }

    public struct PaymentLine: Codable, Sendable {
        public var id: PaymentID
        public var order: OrderID
        public var amount: Money
        public var status: String
        public init(_ payment: GatewayPayment) {
            (id, order, amount, status) = (payment.id, payment.order, payment.amount, payment.status.rawValue)
        }
        public var payment: GatewayPayment {
            GatewayPayment(id: id, order: order, amount: amount, status: GatewayPayment.Status(rawValue: status) ?? .failed)
        }
    }

    public struct RefundLine: Codable, Sendable {
        public var id: String
        public var payment: PaymentID
        public var amount: Money
        public var status: String
        public var notes: [String: String]
        public init(_ refund: GatewayRefund, notes: [String: String]) {
            (id, payment, amount, status, self.notes) = (refund.id, refund.payment, refund.amount, refund.status.rawValue, notes)
        }
        public var refund: GatewayRefund {
            GatewayRefund(id: id, payment: payment, amount: amount, status: GatewayRefund.Status(rawValue: status) ?? .failed)
        }
    }

    private let journal: any SharedJournal
    /// How far this node has read the journal.
    private var cursor = JournalCursor.start

    /// Over any shared journal: a file in the data directory, or rows beside a PostgreSQL log that every node shares.
    public init(_ journal: any SharedJournal) {
        self.journal = journal
    }

    /// The changes appended since the last call (by any node), oldest first. A torn line (a process died
    /// mid-write) is skipped.
    public func newEntries() async throws -> [Entry] {
        let (lines, next) = try await journal.lines(after: cursor)
        cursor = next
        let decoder = JSONDecoder()
        return lines.compactMap { line in try? decoder.decode(Entry.self, from: line) }
    }

    /// Appends `entries` together, so a change and the webhook announcing it are recorded together or not at all.
    public func append(_ entries: [Entry]) async throws {
        let encoder = JSONEncoder()
        try await journal.append(try entries.map { try encoder.encode($0) })
    }
}
