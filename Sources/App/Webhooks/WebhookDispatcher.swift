public import Domain
public import DomainEvents
public import EventStore
import Foundation
public import Logging
public import Projections
public import ServiceLifecycle
import Synchronization

/// Posts each organizer's webhook deliveries: for every endpoint, the first record after its delivered position that
/// is one of its topics on one of its organizer's shows, until the endpoint takes it (2xx), then the next. Each
/// outcome is appended to the endpoint's stream before the next record is tried, so deliveries arrive in order of
/// position, a restart resumes after the last one recorded (the one in flight at a crash is sent again: receivers
/// dedupe by the `TktPlz-Delivery` id), and with several nodes an outcome for a record already recorded is refused
/// (`notNext`) and dropped. A failed attempt waits `retryBase` doubled per attempt, at most an hour.
public struct WebhookDispatcher: Service {
    let log: any EventLog
    let store: ProjectionStore
    let webhooks: CommandHandler<Webhook>
    let shows: CommandHandler<Show>
    let bookings: CommandHandler<Booking>
    let signing: WebhookSigning
    let transport: any WebhookTransport
    let retryBase: Duration
    let logger: Logger
    /// How far each endpoint's records were looked at without finding one to deliver, for the delivered position it
    /// was looked at from (a replay or a delivery starts the look again).
    private let scanned = ScanMemory()

    private final class ScanMemory: Sendable {
        let state = Mutex<[WebhookID: (from: UInt64, through: UInt64)]>([:])
        func get(_ id: WebhookID) -> (from: UInt64, through: UInt64)? { state.withLock { $0[id] } }
        func set(_ id: WebhookID, _ seen: (from: UInt64, through: UInt64)) { state.withLock { $0[id] = seen } }
    }

    public init(log: any EventLog, store: ProjectionStore, webhooks: CommandHandler<Webhook>, shows: CommandHandler<Show>,
                bookings: CommandHandler<Booking>, signing: WebhookSigning, transport: any WebhookTransport,
                retryBase: Duration = .seconds(30), logger: Logger) {
        self.log = log
        self.store = store
        self.webhooks = webhooks
        self.shows = shows
        self.bookings = bookings
        self.signing = signing
        self.transport = transport
        self.retryBase = retryBase
        self.logger = logger
    }

    public func run() async throws {
        // On a graceful shutdown no new attempt starts, but the one in flight is let finish and its outcome
        // recorded, so a restart does not send an answered delivery again. Only the lifecycle's cancellation (after
        // its grace period) abandons an attempt unrecorded; it is then sent again after the restart.
        let stopping = StopFlag()
        await withGracefulShutdownHandler {
            while !Task.isCancelled && !stopping.isSet {
                do {
                    try await self.pass(until: stopping)
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.warning("webhook deliveries paused", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        } onGracefulShutdown: {
            stopping.set()
        }
    }

    /// One look at every endpoint: at most one delivery attempt each.
    public func pass(until stopping: StopFlag = StopFlag(), now: @Sendable () -> Instant = { .now() }) async throws {
        let head = try await log.head().rawValue
        for endpoint in try WebhooksProjection.active(from: store) where !stopping.isSet {
            try await deliverNext(endpoint.id, head: head, now: now)
        }
    }

    private func deliverNext(_ id: WebhookID, head: UInt64, now: () -> Instant) async throws {
        let stream = try Webhook.stream(id)
        let state = try await webhooks.state(of: stream)
        guard let organizer = state.organizer, !state.removed else { return }
        if let retryAt = state.retryAt, retryAt > now() { return }
        var position = state.deliveredThrough
        if let seen = scanned.get(id), seen.from == state.deliveredThrough { position = max(position, seen.through) }
        while position < head {
            let page = try await log.read(from: GlobalPosition(position + 1), limit: 500)
            guard !page.isEmpty else { break }
            for record in page {
                if let delivery = try await delivery(of: record, for: organizer, topics: state.topics) {
                    try await attempt(delivery, to: id, url: state.url, failures: state.failures, on: stream, now: now())
                    return
                }
                position = record.position.rawValue
            }
            scanned.set(id, (state.deliveredThrough, position))
        }
    }

    /// What is posted about `record`, if it is one of `topics` on a show of `organizer`.
    private func delivery(of record: RecordedEvent, for organizer: OrganizerID, topics: Set<WebhookTopic>) async throws -> WebhookDelivery? {
        let (topic, show, booking): (WebhookTopic?, ShowID?, BookingID?)
        switch try DomainEvent.of(record) {
        case .show(let event)?:
            let sold: BookingID? = switch event {
            case .itemsSold(let sold): sold.booking
            case .itemsReturned(let returned): returned.booking
            default: nil
            }
            (topic, show, booking) = (WebhookTopic.of(event), ShowID(record.stream.id), sold)
        case .booking(let event)?:
            guard let found = WebhookTopic.of(event), topics.contains(found) else { return nil }
            let id = BookingID(record.stream.id)
            (topic, show, booking) = (found, try await bookings.state(of: try Booking.stream(id)).terms?.show, id)
        case .payout(let event)?:
            (topic, show, booking) = (WebhookTopic.of(event), ShowID(record.stream.id), nil)
        default:
            return nil
        }
        guard let topic, topics.contains(topic), let show,
              try await shows.state(of: try Show.stream(show)).configuration?.organizer == organizer
        else { return nil }
        return WebhookDelivery(topic: topic, position: record.position.rawValue, eventId: show.rawValue, bookingId: booking?.rawValue,
                               type: record.type, occurredAt: Int64(record.recordedAt.timeIntervalSince1970 * 1000))
    }

    private func attempt(_ delivery: WebhookDelivery, to id: WebhookID, url: String, failures: Int,
                         on stream: StreamName, now: Instant) async throws {
        let deliveryID = "\(id.rawValue):\(delivery.position)"
        var body = delivery
        body.id = deliveryID
        let bytes = try JSONEncoder.sorted.encode(body)
        let headers = [("Content-Type", "application/json"), ("User-Agent", "TktPlz-Webhooks/1"), ("TktPlz-Delivery", deliveryID),
                       ("TktPlz-Signature", signing.signature(of: bytes, to: id, at: Date()))]
        var status: Int?
        var reason = ""
        do {
            status = try await transport.post(url, body: bytes, headers: headers)
        } catch {
            reason = "no answer: \(error)"
        }
        let command: Webhook.Command
        if let status, (200..<300).contains(status) {
            command = .recordDelivery(position: delivery.position, status: status, now: now)
        } else {
            let wait = retryBase * (1 << min(failures, 16))
            let capped = min(wait, .seconds(3600))
            command = .recordFailure(position: delivery.position, status: status, reason: status.map { "answered \($0)" } ?? reason,
                                     retryAt: now.adding(capped), now: now)
        }
        do throws(CommandFailure<Webhook.Rejection>) {
            _ = try await webhooks.handle(command, on: stream)
        } catch {
            // Another node recorded this record's outcome first, or the endpoint was removed while the attempt was
            // in flight: either way there is nothing to record.
            guard case .rejected(let rejection) = error, rejection == .removed || rejection.isNotNext else { throw error }
        }
    }
}

/// What an endpoint receives, as JSON: which delivery (`id`, the same on every attempt), its topic, the log position of
/// the record, the show, the booking when there is one, the record's stored type and when it was recorded.
public struct WebhookDelivery: Codable, Sendable, Equatable {
    public var id = ""
    public var topic: WebhookTopic
    public var position: UInt64
    public var eventId: String
    public var bookingId: String?
    public var type: String
    public var occurredAt: Int64
}

/// Set once, read from any task: that a service should start nothing new.
public final class StopFlag: Sendable {
    private let state = Mutex(false)
    public init() {}
    public var isSet: Bool { state.withLock { $0 } }
    public func set() { state.withLock { $0 = true } }
}

extension Webhook.Rejection {
    var isNotNext: Bool { if case .notNext = self { true } else { false } }
}

extension JSONEncoder {
    /// Keys in order, so a delivery's bytes (and its signature) do not depend on the encoder's mood.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
