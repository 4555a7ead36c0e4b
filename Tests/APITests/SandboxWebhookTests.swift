@testable import API
import App
import Domain
import Foundation
import Logging
import Synchronization
import Testing

/// The sandbox gateway sends its webhooks as a real gateway does: from a journal, until the server takes them.
@Suite("Payments: the sandbox's webhooks are durable")
struct SandboxWebhookTests {
    private let signatures = PaymentSignatures(keySecret: "key", webhookSecret: "hook")

    private func journal() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-sandbox-\(UUID().uuidString)/journal.jsonl")
    }

    @Test func aCaptureWhoseWebhookWasNeverTakenIsSentAgainAfterARestartAndOnlyUntilTaken() async throws {
        let path = journal()
        defer { try? FileManager.default.removeItem(at: path.deletingLastPathComponent()) }
        let before = try await SandboxGateway(signatures: signatures, journal: path)
        let order = try await before.createOrder(amount: Money(minor: 25_000), receipt: "r", notes: ["bookingId": "b1"])
        let paid = try await before.pay(order.id, succeed: true)
        // The process "dies" here: nothing delivered the webhook.
        let after = try await SandboxGateway(signatures: signatures, journal: path)
        let owed = await after.dueWebhooks(at: .now)
        #expect(owed.count == 1)
        let webhook = try #require(owed.first)
        #expect(signatures.isValidWebhook(body: webhook.line.body, signature: webhook.line.signature))
        let body = try JSONDecoder().decode(GatewayWebhook.self, from: webhook.line.body)
        #expect(body.event == "payment.captured" && body.payload.payment?.entity.id == paid.paymentID.rawValue)
        #expect(try await after.payments(of: order.id).map(\.status) == [.captured])
        await after.webhookDelivered(webhook.line.id)
        let later = try await SandboxGateway(signatures: signatures, journal: path)
        #expect(await later.dueWebhooks(at: .now).isEmpty)
    }

    @Test(.timeLimit(.minutes(1)))
    func aWebhookTheServerCouldNotTakeIsRetriedWithBackoffUntilItIs() async throws {
        let path = journal()
        defer { try? FileManager.default.removeItem(at: path.deletingLastPathComponent()) }
        let gateway = try await SandboxGateway(signatures: signatures, journal: path)
        let attempts = Mutex<[ContinuousClock.Instant]>([])
        let delivery = SandboxWebhookDelivery(gateway: gateway, shutdown: ShutdownNotice(), receive: { _, _ in
            // The server fails twice (its log busy, say), then takes it.
            attempts.withLock { $0.append(.now); return $0.count >= 3 }
        }, logger: .init(label: "test"))
        let running = Task { try await delivery.run() }
        defer { running.cancel() }
        let order = try await gateway.createOrder(amount: Money(minor: 100), receipt: "r", notes: [:])
        _ = try await gateway.pay(order.id, succeed: true)
        while attempts.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(300))
        let times = attempts.withLock { $0 }
        #expect(times.count == 3, "delivered once taken, never again")
        #expect(times[1] - times[0] >= .milliseconds(450) && times[2] - times[1] >= .milliseconds(950), "0.5 s, then 1 s between attempts")
        #expect(await gateway.nextWebhookDue() == nil)
        let restarted = try await SandboxGateway(signatures: signatures, journal: path)
        #expect(await restarted.dueWebhooks(at: .now).isEmpty)
    }

    @Test func theBackoffDoublesAndStaysUnderAMinute() {
        #expect((1...12).map(PendingWebhook.backoff(after:)) == [0.5, 1, 2, 4, 8, 16, 32, 60, 60, 60, 60, 60].map { Duration.milliseconds(Int64($0 * 1000)) })
    }
}
