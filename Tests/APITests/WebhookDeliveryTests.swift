import API
import App
import Domain
import EventStore
import Foundation
import Synchronization
import TestSupport
import Testing

/// One attempt as the receiver (Tests/Clients/webhook_receiver.py) logged it.
private struct Attempt: Decodable {
    var path: String
    var delivery: String
    var body: String
    var verified: Bool
    var status: Int
}

/// What a delivery's body says, as a receiver reads it.
private struct Delivered: Decodable {
    var id: String
    var topic: String
    var position: UInt64
    var eventId: String
    var type: String
}

/// An organizer's HTTPS endpoint on a free port under its own CA, refusing the first `refusals` attempts at each
/// delivery; stopped when `body` returns.
private func withReceiver(refusals: Int, _ body: (_ port: Int, _ directory: URL) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-hooks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let port = try FreePort.find()
    let venv = PythonScript.packageRoot.appendingPathComponent(".build-venv/bin/python3").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3")
    process.arguments = [PythonScript.packageRoot.appendingPathComponent("Tests/Clients/webhook_receiver.py").path, directory.path,
                         String(port), String(refusals)]
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    defer {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        _ = ChildExit.wait(process)
    }
    for _ in 0..<200 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("ready").path) {
        try await Task.sleep(for: .milliseconds(50))
    }
    try #require(FileManager.default.fileExists(atPath: directory.appendingPathComponent("ready").path), "the receiver started")
    try await body(port, directory)
}

private func attempts(in directory: URL) throws -> [Attempt] {
    guard let text = try? String(contentsOf: directory.appendingPathComponent("attempts.jsonl"), encoding: .utf8) else { return [] }
    return try text.split(separator: "\n").map { try JSONDecoder().decode(Attempt.self, from: Data($0.utf8)) }
}

/// The deliveries `path` took (answered 200), in the order they arrived.
private func taken(_ path: String, in directory: URL) throws -> [Delivered] {
    try attempts(in: directory).filter { $0.path == path && $0.status == 200 }
        .map { try JSONDecoder().decode(Delivered.self, from: Data($0.body.utf8)) }
}

/// Polls until `done` holds (at most `seconds`).
private func eventually(_ seconds: Int, _ done: () throws -> Bool) async throws {
    for _ in 0..<(seconds * 20) where try !done() { try await Task.sleep(for: .milliseconds(50)) }
}

@Suite("Webhooks end to end: a real HTTPS endpoint that refuses the first attempts, across a restart of ours")
struct WebhookDeliveryTests {
    private struct Registered: Decodable { var webhookId: String; var secret: String }
    private struct Held: Decodable { var bookingId: String }
    private struct Ordered: Decodable { var orderId: String }
    private struct Paid: Decodable { var razorpay_order_id: String; var razorpay_payment_id: String; var razorpay_signature: String }
    private struct Confirmed: Decodable { struct Ticket: Decodable { var token: String }; var bookingId: String; var tickets: [Ticket] }
    private struct Deliveries: Decodable {
        struct Attempt: Decodable { var position: UInt64; var outcome: String; var status: Int? }
        var attempts: [Attempt]
    }

    /// Hold, order, pay in the sandbox and verify, over HTTP: the confirmed booking.
    private func buy(_ http: HTTPDriver, _ token: String, show: String, seat: String) async throws -> Confirmed {
        let held = try await http.post("/api/booking/hold", #"{"eventId":"\#(show)","seats":["\#(seat)"]}"#, token: token)
        try #require(held.status == 200, "hold: \(held.body)")
        let booking = try held.json(Held.self).bookingId
        let order = try await http.post("/api/payment/order", #"{"bookingId":"\#(booking)"}"#, token: token)
        try #require(order.status == 200, "order: \(order.body)")
        let paid = try await http.post("/sandbox/checkout/\(try order.json(Ordered.self).orderId)/pay", #"{"outcome":"succeed"}"#)
        try #require(paid.status == 200, "pay: \(paid.body)")
        let receipt = try paid.json(Paid.self)
        let verified = try await http.post("/api/payment/verify", """
            {"bookingId":"\(booking)","razorpay_order_id":"\(receipt.razorpay_order_id)",\
            "razorpay_payment_id":"\(receipt.razorpay_payment_id)","razorpay_signature":"\(receipt.razorpay_signature)"}
            """, token: token)
        try #require(verified.status == 200, "verify: \(verified.body)")
        return try verified.json(Confirmed.self)
    }

    @Test(.timeLimit(.minutes(3)))
    func everyEventArrivesOnceInOrderAfterRefusalsAndARestartAndAWrongSecretIsDetected() async throws {
        try await withReceiver(refusals: 2) { port, receiver in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-hooks-data-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let environment = ["WEBHOOK_CA_FILE": receiver.appendingPathComponent("ca.pem").path, "WEBHOOK_RETRY_SECONDS": "0.2",
                               "WEBHOOK_SECRET_KEY": String(repeating: "w", count: 40)]
            var server = try await ServerProcess.start(dataDirectory: directory, environment: environment)
            let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
            let organizer = try await signer.issue(for: Identity(role: .organizer, id: DemoData.organizer.rawValue, email: DemoData.organizerEmail))
            let asha = try await signer.issue(for: Identity(role: .customer, id: "asha", email: "asha@example.com"))
            var http = HTTPDriver(port: server.port)

            // The organizer's endpoint, and a second one whose receiver was given a wrong secret.
            let good = try await http.post("/api/organizer/webhooks",
                                           #"{"url":"https://localhost:\#(port)/good","topics":["sold","refunded","checked_in"]}"#, token: organizer)
            try #require(good.status == 200, "\(good.body)")
            let wrong = try await http.post("/api/organizer/webhooks", #"{"url":"https://localhost:\#(port)/wrong","topics":["sold"]}"#, token: organizer)
            try #require(wrong.status == 200, "\(wrong.body)")
            let (goodHook, wrongHook) = (try good.json(Registered.self), try wrong.json(Registered.self))
            let secrets = ["/good": goodHook.secret, "/wrong": String(goodHook.secret.reversed())]
            try JSONEncoder().encode(secrets).write(to: receiver.appendingPathComponent("secrets.json"))

            // Two sales, a check-in at the door and a refund; then ours stops while deliveries are still refused.
            let tonight = try await buy(http, asha, show: "demo-tonight", seat: "B3")
            let seated = try await buy(http, asha, show: "demo-seated", seat: "F5")
            let scanned = try await http.post("/api/organizer/events/demo-tonight/check-in", #"{"token":"\#(try #require(tonight.tickets.first).token)"}"#,
                                              token: organizer)
            #expect(scanned.status == 200, "\(scanned.body)")
            let refund = try await http.post("/api/payment/refund", #"{"bookingId":"\#(seated.bookingId)"}"#, token: asha)
            #expect(refund.status == 200, "\(refund.body)")
            try await eventually(20) { try taken("/good", in: receiver).count >= 1 }
            try #require(try taken("/good", in: receiver).count >= 1, "a first delivery arrived before the restart")
            await server.stop()
            let beforeRestart = try taken("/good", in: receiver).count

            // Back up: a third sale, then everything delivered.
            server = try await ServerProcess.start(dataDirectory: directory, environment: environment)
            http = HTTPDriver(port: server.port)
            _ = try await buy(http, asha, show: "demo-seated", seat: "F7")
            try await eventually(60) { try taken("/good", in: receiver).count >= 5 }
            // Time for a duplicate to arrive, were one on its way.
            try await Task.sleep(for: .seconds(2))
            let deliveries = try await http.get("/api/organizer/webhooks/\(wrongHook.webhookId)/deliveries", token: organizer)
            await server.stop()

            // What should have arrived: every sale, return and check-in recorded after the registrations.
            let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true))
            defer { log.close() }
            let topics = ["ItemsSold": "sold", "ItemsReturned": "refunded", "TicketCheckedIn": "checked_in"]
            let expected = try await log.read(from: .start, limit: 100_000)
                .filter { $0.stream.category == "webhook" || topics[$0.type] != nil }
                .drop { $0.stream.category != "webhook" }
                .filter { topics[$0.type] != nil }
                .map { (position: $0.position.rawValue, topic: topics[$0.type] ?? "") }
            #expect(expected.map(\.topic) == ["sold", "sold", "checked_in", "refunded", "sold"], "\(expected)")

            let arrived = try taken("/good", in: receiver)
            #expect(arrived.map(\.position) == expected.map(\.position), "each once, in order of position")
            #expect(arrived.map(\.topic) == expected.map(\.topic))
            #expect(arrived.map(\.id) == expected.map { "\(goodHook.webhookId):\($0.position)" })
            #expect(beforeRestart < expected.count, "the restart came with deliveries still to make (\(beforeRestart) before it)")
            print("webhooks end to end: \(beforeRestart) of \(expected.count) taken before the restart, \(try attempts(in: receiver).count) attempts in all")
            let toGood = try attempts(in: receiver).filter { $0.path == "/good" }
            #expect(toGood.allSatisfy { $0.verified }, "every signature verified under the organizer's secret")
            // Each delivery refused twice before it was taken: three attempts each, none after.
            let perDelivery = Dictionary(grouping: toGood, by: { $0.delivery }).mapValues { $0.map { $0.status } }
            #expect(perDelivery.values.allSatisfy { $0 == [503, 503, 200] }, "\(perDelivery)")

            // The receiver holding the wrong secret refused every attempt, and the organizer sees why.
            let refused = try attempts(in: receiver).filter { $0.path == "/wrong" }
            #expect(!refused.isEmpty && refused.allSatisfy { !$0.verified && $0.status == 401 })
            #expect(deliveries.status == 200)
            let outcomes = try deliveries.json(Deliveries.self).attempts
            #expect(!outcomes.isEmpty && outcomes.allSatisfy { $0.outcome == "failed" && $0.status == 401 }, "\(outcomes)")
        }
    }
}
