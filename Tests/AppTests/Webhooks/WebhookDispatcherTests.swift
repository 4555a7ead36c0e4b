import App
import Crypto
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Projections
import Synchronization
import Testing
import TestSupport

/// An endpoint that answers from a script (503 for its first attempts, then 200) and keeps what it received.
final class ScriptedEndpoint: WebhookTransport, Sendable {
    struct Received: Sendable {
        var id: String
        var position: UInt64
        var topic: String
        var signature: String
        var body: Data
        var status: Int
    }
    let failFirst: Int
    let received = Mutex<[Received]>([])
    init(failFirst: Int) { self.failFirst = failFirst }

    func post(_ url: String, body: Data, headers: [(String, String)]) async throws -> Int {
        let delivery = try JSONDecoder().decode(WebhookDelivery.self, from: body)
        let header = { (name: String) in headers.first { $0.0 == name }?.1 ?? "" }
        return received.withLock { all in
            let status = all.count < failFirst ? 503 : 200
            all.append(Received(id: header("TktPlz-Delivery"), position: delivery.position, topic: delivery.topic.rawValue,
                                signature: header("TktPlz-Signature"), body: body, status: status))
            return status
        }
    }

    var delivered: [Received] { received.withLock { $0.filter { $0.status == 200 } } }
}

/// Deliveries in order of position, retried after failures, never sent twice once recorded (a new dispatcher on the
/// same log sends only what came after), and replayed on request; each signed with the endpoint's secret.
@Suite("App: webhook deliveries")
struct WebhookDispatcherTests {
    let log = InMemoryEventLog()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-webhooks-\(UUID().uuidString)")
    let signing = WebhookSigning(key: SymmetricKey(data: Data("thirty-two bytes of test key!!!!".utf8)))
    let show = DemoData.shows[.seating]!

    func dispatcher(_ store: ProjectionStore, _ endpoint: ScriptedEndpoint) -> WebhookDispatcher {
        WebhookDispatcher(log: log, store: store, webhooks: CommandHandler(log: log), shows: CommandHandler(log: log),
                          bookings: CommandHandler(log: log), signing: signing, transport: endpoint, retryBase: .zero,
                          logger: Logger(label: "webhook-tests"))
    }

    /// A seat held and sold on the demo show, and another held and let go (no topic).
    func sale(_ seat: String, _ n: Int, _ shows: CommandHandler<Show>) async throws {
        let (booking, customer) = (BookingID("booking-\(n)"), CustomerID("customer-\(n)"))
        let stream = try Show.stream(show)
        _ = try await shows.handle(.hold(.seats([SeatID(seat)]), booking: booking, customer: customer, now: .now()), on: stream)
        _ = try await shows.handle(.releaseHold(booking: booking, customer: customer), on: stream)
        _ = try await shows.handle(.hold(.seats([SeatID(seat)]), booking: booking.suffixed, customer: customer, now: .now()), on: stream)
        _ = try await shows.handle(.sell(booking: booking.suffixed, customer: customer, items: .seats([SeatID(seat)]), now: .now()), on: stream)
    }

    @Test func deliveriesArriveOnceEachInOrderAfterFailuresAndRestartsAndAgainOnReplay() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try await DemoData.seedIfEmpty(log: log, now: .now())
        let store = try ProjectionStore(path: scratch.appendingPathComponent("projections").path, durable: false)
        let shows = CommandHandler<Show>(log: log)
        let id = WebhookID("webhook-1")
        let from = try await log.head().rawValue
        _ = try await CommandHandler<Webhook>(log: log).handle(
            .register(organizer: DemoData.organizer, url: "https://hooks.example.com/t", topics: [.sold], from: from, now: .now()), on: try Webhook.stream(id))
        // Another organizer's endpoint for the same topic hears nothing of the demo organizer's shows.
        _ = try await CommandHandler<Webhook>(log: log).handle(
            .register(organizer: OrganizerID("someone-else"), url: "https://other.example.com/t", topics: [.sold], from: from, now: .now()),
            on: try Webhook.stream(WebhookID("webhook-2")))
        try await sale("A1", 1, shows)
        try await sale("A2", 2, shows)
        let runner = try ProjectionRunner(WebhooksProjection(), log: log, store: store)

        let endpoint = ScriptedEndpoint(failFirst: 2)
        let first = dispatcher(store, endpoint)
        for _ in 0..<6 {
            try await runner.catchUp()
            try await first.pass()
        }
        let sold = try await positions(of: "ItemsSold")
        #expect(sold.count == 2)
        #expect(endpoint.received.withLock { $0.map(\.status) } == [503, 503, 200, 200])
        #expect(endpoint.received.withLock { $0.map(\.position) } == [sold[0], sold[0], sold[0], sold[1]])
        #expect(endpoint.delivered.map(\.id) == sold.map { "webhook-1:\($0)" })
        #expect(endpoint.delivered.allSatisfy { $0.topic == "sold" })
        // Each signature verifies with the secret, and not with another.
        for received in endpoint.received.withLock({ $0 }) {
            #expect(verifies(received, secret: signing.secret(of: id)))
            #expect(!verifies(received, secret: signing.secret(of: WebhookID("webhook-2"))))
        }
        // The outcomes are in the endpoint's stream: two failures, then each record delivered once.
        let state = try await CommandHandler<Webhook>(log: log).state(of: try Webhook.stream(id))
        #expect(state.deliveredThrough == sold[1] && state.failures == 0)

        // A restart: a new dispatcher sends only what came after, once.
        try await sale("A3", 3, shows)
        let afterRestart = ScriptedEndpoint(failFirst: 0)
        let second = dispatcher(store, afterRestart)
        for _ in 0..<4 {
            try await runner.catchUp()
            try await second.pass()
        }
        let all = try await positions(of: "ItemsSold")
        #expect(afterRestart.delivered.map(\.position) == [all[2]])

        // A replay from the registration sends all three again, in order.
        _ = try await CommandHandler<Webhook>(log: log).handle(.replay(from: from, by: DemoData.organizer, now: .now()), on: try Webhook.stream(id))
        let replayed = ScriptedEndpoint(failFirst: 0)
        let third = dispatcher(store, replayed)
        for _ in 0..<6 {
            try await runner.catchUp()
            try await third.pass()
        }
        #expect(replayed.delivered.map(\.position) == all)
    }

    @Test func aFailedAttemptWaitsBeforeTheNextDoublingEachTime() async throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        try await DemoData.seedIfEmpty(log: log, now: .now())
        let store = try ProjectionStore(path: scratch.appendingPathComponent("projections").path, durable: false)
        let id = WebhookID("webhook-1")
        _ = try await CommandHandler<Webhook>(log: log).handle(
            .register(organizer: DemoData.organizer, url: "https://hooks.example.com/t", topics: [.sold], from: try await log.head().rawValue, now: .now()),
            on: try Webhook.stream(id))
        try await sale("B1", 1, CommandHandler<Show>(log: log))
        try await ProjectionRunner(WebhooksProjection(), log: log, store: store).catchUp()
        let endpoint = ScriptedEndpoint(failFirst: 10)
        let dispatcher = WebhookDispatcher(log: log, store: store, webhooks: CommandHandler(log: log), shows: CommandHandler(log: log),
                                           bookings: CommandHandler(log: log), signing: signing, transport: endpoint, retryBase: .seconds(30),
                                           logger: Logger(label: "webhook-tests"))
        let t0 = Instant.now()
        try await dispatcher.pass(now: { t0 })
        try await dispatcher.pass(now: { t0.adding(.seconds(29)) })  // too early: nothing sent
        try await dispatcher.pass(now: { t0.adding(.seconds(30)) })
        #expect(endpoint.received.withLock { $0.count } == 2)
        let state = try await CommandHandler<Webhook>(log: log).state(of: try Webhook.stream(id))
        #expect(state.failures == 2 && state.retryAt == t0.adding(.seconds(30)).adding(.seconds(60)))
    }

    private func positions(of type: String) async throws -> [UInt64] {
        try await log.read(from: GlobalPosition(1), limit: 10_000).filter { $0.type == type }.map(\.position.rawValue)
    }

    private func verifies(_ received: ScriptedEndpoint.Received, secret: String) -> Bool {
        let parts = Dictionary(uniqueKeysWithValues: received.signature.split(separator: ",").map { part in
            let pair = part.split(separator: "=", maxSplits: 1)
            return (String(pair[0]), String(pair.count > 1 ? pair[1] : ""))
        })
        guard let time = parts["t"], let mac = parts["v1"] else { return false }
        let expected = HMAC<SHA256>.authenticationCode(for: Data("\(time).".utf8) + received.body, using: SymmetricKey(data: Data(secret.utf8)))
        return mac == expected.map { String(format: "%02x", $0) }.joined()
    }
}

private extension BookingID {
    var suffixed: BookingID { BookingID(rawValue + "-b") }
}
