import API
import Domain
import DomainEvents
import EventStore
import Foundation
import Synchronization
import TestSupport
import Testing

/// `tktplz serve` with customers paying (and never coming back to verify: only the gateway's webhooks and the
/// server's reconciliation can settle their payments), killed with SIGKILL the instant a capture is answered after
/// a random wait, several times.
/// Every payment the sandbox captured, whatever its customer heard, must end confirmed or refunded once the server
/// is back: none charged and left with neither tickets nor money.
/// Captures the customers were told of, in this round.
private final class Captures: Sendable {
    let count = Atomic<Int>(0)
}

@Suite("Faults: payments captured just before the server was killed")
struct PaymentCrashTests {
    private struct Held: Decodable { var bookingId: String }
    private struct Ordered: Decodable { var orderId: String }

    /// One customer after another holds a ticket, orders and pays at the sandbox's checkout, until the server dies.
    private static func payingLoop(_ index: Int, round: Int, port: Int, signer: SessionSigner, paid: Captures) async {
        let http = HTTPDriver(port: port)
        var turn = 0
        while !Task.isCancelled {
            turn += 1
            let identity = Identity(role: .customer, id: "payer-\(round)-\(index)-\(turn)", email: "payer\(index)@example.com")
            guard let token = try? await signer.issue(for: identity),
                  let held = try? await http.post("/api/booking/hold", #"{"eventId":"demo-online","tickets":{"general":1}}"#, token: token),
                  held.status == 200, let booking = try? held.json(Held.self).bookingId,
                  let order = try? await http.post("/api/payment/order", #"{"bookingId":"\#(booking)"}"#, token: token), order.status == 200,
                  let orderID = try? order.json(Ordered.self).orderId
            else { continue }
            if let reply = try? await http.post("/sandbox/checkout/\(orderID)/pay", #"{"outcome":"succeed"}"#), reply.status == 200 {
                paid.count.add(1, ordering: .relaxed)
            }
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func everyPaymentCapturedBeforeASIGKILLEndsConfirmedOrRefunded() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-paycrash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        var strandedAtSomeKill = 0
        for round in 0..<5 {
            let server = try await ServerProcess.start(dataDirectory: directory)
            let paid = Captures()
            let load = Task {
                await withTaskGroup { group in
                    for index in 0..<4 {
                        group.addTask { await Self.payingLoop(index, round: round, port: server.port, signer: signer, paid: paid) }
                    }
                }
            }
            // At a random moment, then the instant the next capture is answered: its webhook is still in flight.
            try await Task.sleep(for: .milliseconds(Int.random(in: 400...1500)))
            let before = paid.count.load(ordering: .relaxed)
            let deadline = ContinuousClock.now + .seconds(10)
            while paid.count.load(ordering: .relaxed) == before && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
            await server.kill()
            load.cancel()
            await load.value
            let open = try await unsettled(directory)
            strandedAtSomeKill += open.count
            print("payment crash round \(round): \(try capturedBookings(directory).count) captured so far, \(open.count) not settled at the kill")
        }
        let captured = try capturedBookings(directory)
        #expect(captured.count >= 10, "the load paid")
        // How many kills caught a payment before its webhook was applied is printed, not required: alone, most rounds
        // catch one or more; under the whole suite's load the webhook often wins the race against the kill.
        let server = try await ServerProcess.start(dataDirectory: directory)
        var open = try await unsettled(directory)
        let deadline = ContinuousClock.now + .seconds(60)
        while !open.isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            open = try await unsettled(directory)
        }
        await server.stop()
        #expect(open.isEmpty, "captured, yet neither confirmed nor refunded: \(open)")
        print("payment crash: \(captured.count) captured payments, \(strandedAtSomeKill) unsettled at a kill, \(open.count) still unsettled after the restart")
    }

    /// The bookings whose order the sandbox captured a payment for, read from its journal (what the gateway knows).
    private func capturedBookings(_ directory: URL) throws -> Set<String> {
        let journal = directory.appendingPathComponent("sandbox-gateway/journal.jsonl")
        guard let text = try? String(contentsOf: journal, encoding: .utf8) else { return [] }
        var bookingOfOrder: [String: String] = [:]
        var capturedOrders: [String] = []
        for line in text.split(separator: "\n") {
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: [String: [String: Any]]] else { continue }
            if let order = entry["order"]?["_0"], let id = order["id"] as? String, let notes = order["notes"] as? [String: String] {
                bookingOfOrder[id] = notes["bookingId"]
            }
            if let payment = entry["payment"]?["_0"], payment["status"] as? String == "captured", let order = payment["order"] as? String {
                capturedOrders.append(order)
            }
        }
        return Set(capturedOrders.compactMap { bookingOfOrder[$0] })
    }

    /// Captured bookings the log shows neither confirmed nor refunded.
    private func unsettled(_ directory: URL) async throws -> [String] {
        let captured = try capturedBookings(directory)
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true))
        defer { log.close() }
        var open: [String] = []
        for booking in captured.sorted() {
            let types = try await log.history(of: try Booking.stream(BookingID(booking))).map(\.type)
            if !types.contains("BookingConfirmed") && !types.contains("RefundRequested") { open.append(booking) }
        }
        return open
    }
}
