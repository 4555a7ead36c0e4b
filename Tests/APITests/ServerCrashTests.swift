import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Projections
import Synchronization
import TestSupport
import Testing

/// What a customer was told: a hold (with its booking and seats) or a paid booking.
private enum Acknowledged: Sendable {
    case held(booking: String)
    case paid(booking: String)
}

/// Every acknowledgement the customers received, across rounds.
private final class Acknowledgements: Sendable {
    private let list = Mutex<[Acknowledged]>([])
    func append(_ ack: Acknowledged) { list.withLock { $0.append(ack) } }
    var all: [Acknowledged] { list.withLock { $0 } }
}

/// `tktplz serve` under a booking load, killed with SIGKILL at random moments, several times. After each kill:
/// every acknowledged command is in the log, the log verifies (records and domain: no seat sold twice), and once
/// the server is back the projections equal a fresh rebuild from the log.
@Suite("Faults: the server killed mid-sale")
struct ServerCrashTests {
    private struct Held: Decodable { var bookingId: String }
    private struct Ordered: Decodable { var orderId: String }
    private struct Paid: Decodable { var razorpay_order_id: String; var razorpay_payment_id: String; var razorpay_signature: String }

    /// One customer's loop: hold a seat or tickets, then pay for some, release others, until the server dies.
    private static func customerLoop(_ index: Int, port: Int, token: String, acks: Acknowledgements) async {
        let http = HTTPDriver(port: port)
        var round = 0
        while !Task.isCancelled {
            round += 1
            let body = index.isMultiple(of: 3)
                ? #"{"eventId":"demo-open","tickets":{"silver":\#(round % 3 + 1)}}"#
                : #"{"eventId":"demo-seated","seats":["\#("ABCDEFGHIJ".map(String.init)[(index + round) % 10])\#((index * 7 + round * 3) % 9 + 1)"]}"#
            guard let held = try? await http.post("/api/booking/hold", body, token: token) else { return }
            guard held.status == 200, let booking = try? held.json(Held.self).bookingId else { continue }
            acks.append(.held(booking: booking))
            guard round.isMultiple(of: 2) else { continue }
            guard let order = try? await http.post("/api/payment/order", #"{"bookingId":"\#(booking)"}"#, token: token), order.status == 200,
                  let orderID = try? order.json(Ordered.self).orderId,
                  let paid = try? await http.post("/sandbox/checkout/\(orderID)/pay", #"{"outcome":"succeed"}"#), paid.status == 200,
                  let receipt = try? paid.json(Paid.self) else { continue }
            let verify = #"{"bookingId":"\#(booking)","razorpay_order_id":"\#(receipt.razorpay_order_id)","razorpay_payment_id":"\#(receipt.razorpay_payment_id)","razorpay_signature":"\#(receipt.razorpay_signature)"}"#
            if let verified = try? await http.post("/api/payment/verify", verify, token: token), verified.status == 200 {
                acks.append(.paid(booking: booking))
            }
        }
    }

    @Test(.timeLimit(.minutes(4)))
    func acknowledgedCommandsSurviveSIGKILLNoSeatIsSoldTwiceAndProjectionsEqualARebuild() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let acks = Acknowledgements()
        for round in 0..<3 {
            let server = try await ServerProcess.start(dataDirectory: directory)
            try await expectProjectionsEqualARebuild(directory, round: round)
            let load = Task {
                await withTaskGroup { group in
                    for index in 0..<12 {
                        let token = try? await signer.issue(for: Identity(role: .customer, id: "rush-\(round)-\(index)", email: "rush\(index)@example.com"))
                        group.addTask { await Self.customerLoop(index, port: server.port, token: token ?? "", acks: acks) }
                    }
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 700...2200)))
            await server.kill()
            load.cancel()
            await load.value
            try await expectEverythingAcknowledgedIsLogged(directory, acks.all, round: round)
            let paid = acks.all.filter { if case .paid = $0 { true } else { false } }.count
            print("crash round \(round): killed after \(acks.all.count - paid) acknowledged holds and \(paid) payments so far; all in the log")
        }
        #expect(acks.all.count > 20, "the load reached the server")
        // Back once more: the projections caught up from their checkpoints equal a fresh rebuild.
        let last = try await ServerProcess.start(dataDirectory: directory)
        try await expectProjectionsEqualARebuild(directory, round: 3)
        await last.stop()
    }

    private func expectEverythingAcknowledgedIsLogged(_ directory: URL, _ acks: [Acknowledged], round: Int) async throws {
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true))
        defer { log.close() }
        let records = try log.verify()
        #expect(records.isIntact, "round \(round): \(String(describing: records.problem))")
        // The domain replay finds no seat sold twice, no category oversold, no booking confirmed twice.
        let domain = try await DomainAudit.run(log)
        #expect(domain.problem == nil, "round \(round): \(String(describing: domain.problem))")
        for ack in acks {
            switch ack {
            case .held(let booking):
                let types = try await log.history(of: try Booking.stream(BookingID(booking))).map(\.type)
                #expect(types.first == "BookingStarted", "round \(round): acknowledged hold \(booking) is not in the log")
            case .paid(let booking):
                let types = try await log.history(of: try Booking.stream(BookingID(booking))).map(\.type)
                #expect(types.contains("BookingConfirmed"), "round \(round): acknowledged payment of \(booking) is not in the log")
            }
        }
    }

    /// Waits for the running server's projections to reach the head, then compares each with a fresh fold.
    private func expectProjectionsEqualARebuild(_ directory: URL, round: Int) async throws {
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true))
        defer { log.close() }
        let live = try ProjectionStore(path: directory.appendingPathComponent("projections").path)
        // A restart may append by itself (the sandbox sends webhooks the kill left undelivered): compare once the
        // head has stopped moving and every projection has reached it.
        var head = try await log.head()
        while true {
            try await waitForProjections(toReach: head, in: live)
            try await Task.sleep(for: .milliseconds(500))
            let now = try await log.head()
            if now == head { break }
            head = now
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-crash-fresh-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fresh = try ProjectionStore(path: scratch.path, durable: false)
        // The server's keys of personal data, beside its log: this process keeps its own otherwise.
        try await withPersonalKeys(beside: directory) {
            try await expectViewsEqualARebuild(log: log, live: live, fresh: fresh, head: head, note: "round \(round)")
        }
    }
}
