public import Domain
public import DomainEvents
public import EventStore
public import Foundation

/// The domain half of `tktplz log verify`: every record's category has a domain type, every payload decodes into
/// it, and each aggregate's stream replays through its decider with no impossible transition (`TransitionCheck`:
/// shows and bookings, where seats and money move). Reads the log in pages, never holding the writer back.
public enum DomainAudit {
    /// The first record the domain cannot account for.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var position: GlobalPosition
        public var stream: String
        public var reason: String
        public var description: String { "position \(position.rawValue) (\(stream)): \(reason)" }

        public init(position: GlobalPosition, stream: String, reason: String) {
            self.position = position
            self.stream = stream
            self.reason = reason
        }
    }

    public struct Report: Sendable {
        public var records: UInt64
        public var streams: Int
        public var problem: Problem?

        public init(records: UInt64, streams: Int, problem: Problem? = nil) {
            self.records = records
            self.streams = streams
            self.problem = problem
        }
    }

    /// Audits the log from position 1 to its head, calling `progress` with the records checked after each page.
    public static func run(
        _ log: any EventLog, pageSize: Int = 20_000, progress: (UInt64) -> Void = { _ in }
    ) async throws(EventStoreError) -> Report {
        var auditors: [String: any CategoryAuditor] = [
            Show.category: Replayed<Show>(), Booking.category: Replayed<Booking>(),
            Payout.category: Decoded<Payout>(), Customer.category: Decoded<Customer>(), Organizer.category: Decoded<Organizer>(),
            Hall.category: Decoded<Hall>(), Screen.category: Decoded<Screen>(), OneTimePasscode.category: Decoded<OneTimePasscode>(),
            AdminInvite.category: Decoded<AdminInvite>(), SupportIssue.category: Decoded<SupportIssue>(), Webhook.category: Decoded<Webhook>(), WaitingList.category: Decoded<WaitingList>(), SaleQueue.category: Decoded<SaleQueue>(), Session.category: Decoded<Session>(),
            ShowChat.category: Decoded<ShowChat>(),
            ShowEndTimer.category: Decoded<ShowEndTimer>(), HoldExpiryTimer.category: Decoded<HoldExpiryTimer>(),
            PaymentCheckTimer.category: Decoded<PaymentCheckTimer>(), QueueTickTimer.category: Decoded<QueueTickTimer>(),
        ]
        var checked: UInt64 = 0
        var streams = Set<String>()
        while true {
            let page = try await log.read(from: GlobalPosition(checked + 1), limit: pageSize)
            for record in page {
                streams.insert(record.stream.rawValue)
                let reason: String? = if auditors[record.stream.category] == nil {
                    "no domain type has the stream category \(record.stream.category)"
                } else {
                    auditors[record.stream.category]!.check(record)
                }
                if let reason {
                    return Report(records: checked, streams: streams.count, problem: Problem(position: record.position, stream: record.stream.rawValue, reason: reason))
                }
                checked = record.position.rawValue
            }
            progress(checked)
            if page.count < pageSize { return Report(records: checked, streams: streams.count, problem: nil) }
        }
    }
}

/// What one stream category's records must satisfy; `check` answers why a record does not, or `nil`.
private protocol CategoryAuditor {
    mutating func check(_ record: RecordedEvent) -> String?
}

/// An aggregate replayed event by event, each event checked against the state before it.
private struct Replayed<D: TransitionCheck & ProtobufEvents>: CategoryAuditor {
    var states: [String: D.State] = [:]

    mutating func check(_ record: RecordedEvent) -> String? {
        let event: D.Event
        do {
            guard let decoded = try EventEncoding.decode(D.self, record) else { return "type \(record.type) is not a \(D.category) event" }
            event = decoded
        } catch {
            return "the payload of \(record.type) does not decode: \(error.cause)"
        }
        // Taken out of the table while it changes: a copy left behind there would make `apply` copy the whole state
        // (a show's holds and sales) on every event.
        var state = states.removeValue(forKey: record.stream.id) ?? D.initialState
        defer { states[record.stream.id] = state }
        if let reason = D.impossibility(of: event, after: state) { return "\(record.type) cannot happen here: \(reason)" }
        D.apply(event, to: &state)
        return nil
    }
}

/// An aggregate whose events must decode into its type.
private struct Decoded<D: ProtobufEvents>: CategoryAuditor {
    mutating func check(_ record: RecordedEvent) -> String? {
        do {
            return try EventEncoding.decode(D.self, record) == nil ? "type \(record.type) is not a \(D.category) event" : nil
        } catch {
            return "the payload of \(record.type) does not decode: \(error.cause)"
        }
    }
}
