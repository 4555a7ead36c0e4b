import Domain
import Foundation

/// The sandbox gateway's memory: one JSON line per change, appended, replayed on start. Written through to the
/// operating system but not fsync'd: it stands in for a remote service, survives the server's own crash, and an
/// operating-system crash losing its last changes costs only sandbox orders (the log, which is fsync'd, is what
/// records a payment).
final class SandboxJournal: @unchecked Sendable {
    enum Entry: Codable, Sendable {
        case order(OrderLine)
        case payment(PaymentLine)
        case refund(RefundLine)
        /// A webhook the gateway owes the server, written with the change it announces.
        case webhook(WebhookLine)
        /// The server acknowledged that webhook: it is never sent again.
        case delivered(DeliveredLine)
    }

    struct WebhookLine: Codable, Sendable {
        var id: String
        var body: Data
        var signature: String
    }

    struct DeliveredLine: Codable, Sendable {
        var id: String
    }

    struct OrderLine: Codable, Sendable {
        var id: OrderID
        var amount: Money
        var receipt: String
        var notes: [String: String]
        init(_ order: GatewayOrder) {
            (id, amount, receipt, notes) = (order.id, order.amount, order.receipt, order.notes)
        }
        var order: GatewayOrder { GatewayOrder(id: id, amount: amount, receipt: receipt, notes: notes) }
    }

    struct PaymentLine: Codable, Sendable {
        var id: PaymentID
        var order: OrderID
        var amount: Money
        var status: String
        init(_ payment: GatewayPayment) {
            (id, order, amount, status) = (payment.id, payment.order, payment.amount, payment.status.rawValue)
        }
        var payment: GatewayPayment {
            GatewayPayment(id: id, order: order, amount: amount, status: GatewayPayment.Status(rawValue: status) ?? .failed)
        }
    }

    struct RefundLine: Codable, Sendable {
        var id: String
        var payment: PaymentID
        var amount: Money
        var status: String
        var notes: [String: String]
        init(_ refund: GatewayRefund, notes: [String: String]) {
            (id, payment, amount, status, self.notes) = (refund.id, refund.payment, refund.amount, refund.status.rawValue, notes)
        }
        var refund: GatewayRefund {
            GatewayRefund(id: id, payment: payment, amount: amount, status: GatewayRefund.Status(rawValue: status) ?? .failed)
        }
    }

    private let path: URL
    /// Open for appending; used only by the gateway's actor, one write at a time.
    private let handle: FileHandle

    init(path: URL) throws {
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
    func entries() throws -> [Entry] {
        let decoder = JSONDecoder()
        return try Data(contentsOf: path).split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(Entry.self, from: Data(line))
        }
    }

    /// Appends `entries` in one write, so a change and the webhook announcing it are on disk together or not at all
    /// (a process killed mid-write tears at most the last line, which `entries()` skips).
    func append(_ entries: [Entry]) throws {
        let encoder = JSONEncoder()
        var lines = Data()
        for entry in entries {
            lines.append(try encoder.encode(entry))
            lines.append(UInt8(ascii: "\n"))
        }
        try handle.write(contentsOf: lines)
    }
}
