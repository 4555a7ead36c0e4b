public import Domain
public import Foundation

/// The sandbox gateway's memory: one JSON line per change, appended, replayed on start. Written through to the
/// operating system but not fsync'd: it stands in for a remote service, survives the server's own crash, and an
/// operating-system crash losing its last changes costs only sandbox orders (the log, which is fsync'd, is what
/// records a payment).
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

    private let path: URL
    /// Open for appending; used only by the gateway's actor, one write at a time.
    private let handle: FileHandle

    public init(path: URL) throws {
        self.path = path
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path.path) {
            guard FileManager.default.createFile(atPath: path.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path.path])
            }
        }
        handle = try FileHandle(forWritingTo: path)
        try handle.seekToEnd()
    }

    deinit { try? handle.close() }

    /// Every change so far, oldest first. A torn last line (the process died mid-write) is skipped.
    public func entries() throws -> [Entry] {
        let decoder = JSONDecoder()
        return try Data(contentsOf: path).split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(Entry.self, from: Data(line))
        }
    }

    /// Appends `entries` in one write, so a change and the webhook announcing it are on disk together or not at all
    /// (a process killed mid-write tears at most the last line, which `entries()` skips).
    public func append(_ entries: [Entry]) throws {
        let encoder = JSONEncoder()
        var lines = Data()
        for entry in entries {
            lines.append(try encoder.encode(entry))
            lines.append(UInt8(ascii: "\n"))
        }
        try handle.write(contentsOf: lines)
    }
}
