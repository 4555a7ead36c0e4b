public import Domain
public import DomainEvents
public import EventStore

/// Each show's money as the log recorded it: an entry per payment and per refund, each with its log position and
/// booking, and running totals that the payout's settlement must equal (gross, refunds, the organizer's net, and
/// the platform's fees as what is left). Only confirmed bookings count, as in the domain's settlement rule.
///
/// Keys: `show` (totals), `show\u{1}e\u{1}<position, 20 digits>` (an entry), `\u{2}booking` (a booking's show and
/// price split, since its later events do not name them).
public struct PayoutLedgerProjection: Projection {
    // indirect: a batch copies views in and out; boxed, a copy is a reference count instead of a walk through the
    // runtime's generic value witnesses (see DomainEvent).
    public indirect enum View: Codable, Sendable, Equatable {
        case totals(Totals)
        case entry(Entry)
        case booking(BookingPart)
    }

    public struct Totals: Codable, Sendable, Equatable {
        public var gross: Money
        public var refunds: Money
        /// Ticket prices of confirmed bookings not refunded: what the organizer is owed.
        public var net: Money
        public var tickets: Int
        /// The settlement, once the show ended: its figures and where the log recorded them.
        public var settled: PayoutFigures?
        public var settledAt: GlobalPosition?

        /// What the platform keeps: everything paid that is neither refunded nor the organizer's.
        public func platformFees() throws(MoneyError) -> Money { try gross.subtracting(refunds).subtracting(net) }

        static let zero = Totals(gross: .zero(), refunds: .zero(), net: .zero(), tickets: 0)
    }

    public struct Entry: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case paid, refunded }
        public var position: GlobalPosition
        public var booking: BookingID
        public var kind: Kind
        public var amount: Money
    }

    public struct BookingPart: Codable, Sendable, Equatable {
        public var show: ShowID
        public var base: Money
        public var tickets: Int
        public var confirmed: Bool
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "payout-ledger"
    /// 2: views compact-encoded instead of JSON.
    public static let version = 2

    public init() {}

    static func entryKey(_ show: ShowID, _ position: GlobalPosition) -> String {
        let digits = String(position.rawValue)
        return "\(show.rawValue)\u{1}e\u{1}\(String(repeating: "0", count: max(0, 20 - digits.count)))\(digits)"
    }

    static func bookingKey(_ booking: BookingID) -> String { "\u{2}\(booking.rawValue)" }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into batch: ViewBatch<View>) throws {
        if case .payout(let event)? = event {
            guard case .settled(let settled) = event else { return }
            var totals = try Self.totals(settled.show, batch)
            totals.settled = settled.figures
            totals.settledAt = record.position
            batch.set(settled.show.rawValue, .totals(totals))
            return
        }
        guard case .booking(let event)? = event else { return }
        let booking = BookingID(record.stream.id)
        let position = record.position
        switch event {
        case .started(let started):
            let part = BookingPart(show: started.terms.show, base: started.terms.price.base, tickets: started.terms.items.count, confirmed: false)
            batch.set(Self.bookingKey(booking), .booking(part))
        case .confirmed(let confirmed):
            guard case .booking(var part)? = try batch.view(Self.bookingKey(booking)) else { return }
            let paid = confirmed.payment?.amount ?? .zero(part.base.currency)
            var totals = try Self.totals(part.show, batch)
            totals.gross = try totals.gross.adding(paid)
            totals.net = try totals.net.adding(part.base)
            totals.tickets += part.tickets
            part.confirmed = true
            batch.set(Self.bookingKey(booking), .booking(part))
            batch.set(part.show.rawValue, .totals(totals))
            batch.set(Self.entryKey(part.show, position), .entry(Entry(position: position, booking: booking, kind: .paid, amount: paid)))
        case .refundRequested(let requested):
            // A payment that never bought anything (refunded as unfulfillable) was never in the show's money.
            guard case .booking(let part)? = try batch.view(Self.bookingKey(booking)), part.confirmed else { return }
            var totals = try Self.totals(part.show, batch)
            totals.refunds = try totals.refunds.adding(requested.amount)
            totals.net = try totals.net.subtracting(part.base)
            totals.tickets -= part.tickets
            batch.set(part.show.rawValue, .totals(totals))
            batch.set(Self.entryKey(part.show, position), .entry(Entry(position: position, booking: booking, kind: .refunded, amount: requested.amount)))
        case .orderCreated, .paymentFailed, .expired, .released, .checkedIn, .refundProcessing, .refundProcessed, .refundFailed:
            return
        }
    }

    private static func totals(_ show: ShowID, _ batch: ViewBatch<View>) throws -> Totals {
        if case .totals(let totals)? = try batch.view(show.rawValue) { return totals }
        return .zero
    }

    /// A show's totals and its entries in log order.
    public static func ledger(of show: ShowID, from store: ProjectionStore) throws(EventStoreError) -> (totals: Totals, entries: [Entry]) {
        let totals: Totals = if case .totals(let totals)? = try store.view(Self.self, key: show.rawValue) { totals } else { .zero }
        let entries = try store.views(Self.self, prefix: "\(show.rawValue)\u{1}e\u{1}").compactMap { entry -> Entry? in
            if case .entry(let value) = entry.view { value } else { nil }
        }
        return (totals, entries)
    }
}
