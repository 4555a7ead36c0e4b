public import Domain
public import DomainEvents
public import EventStore
public import Foundation

/// A show as it stood at a log position: its seat map (or ticket counts), its bookings and its money, folded
/// through the deciders' own `evolve` from the show's stream and its bookings' streams up to that position. What
/// an auditor asks ("what did the seat map look like at 20:03, and who paid for F12?"), answered from the log.
public struct ShowAsOf: Sendable, Encodable {
    public struct Seat: Sendable, Encodable, Equatable {
        public var seat: String
        /// `free`, `held` or `sold`.
        public var state: String
        public var bookingId: String?
        /// When a hold would expire, in milliseconds since 1970.
        public var heldUntil: Int64?

        public init(seat: String, state: String, bookingId: String? = nil, heldUntil: Int64? = nil) {
            self.seat = seat
            self.state = state
            self.bookingId = bookingId
            self.heldUntil = heldUntil
        }
    }

    public struct Category: Sendable, Encodable, Equatable {
        public var id: String
        public var capacity: Int
        public var held: Int
        public var sold: Int

        public init(id: String, capacity: Int, held: Int, sold: Int) {
            self.id = id
            self.capacity = capacity
            self.held = held
            self.sold = sold
        }
    }

    public struct BookingRow: Sendable, Encodable, Equatable {
        public var bookingId: String
        public var customerId: String
        public var status: String
        public var items: String
        public var price: Money
        public var paid: Money?
        public var refund: Money?
        public var checkedIn: Int

        public init(bookingId: String, customerId: String, status: String, items: String, price: Money, paid: Money? = nil, refund: Money? = nil, checkedIn: Int) {
            self.bookingId = bookingId
            self.customerId = customerId
            self.status = status
            self.items = items
            self.price = price
            self.paid = paid
            self.refund = refund
            self.checkedIn = checkedIn
        }
    }

    public struct LedgerEntry: Sendable, Encodable, Equatable {
        public var position: UInt64
        public var bookingId: String
        /// `paid` or `refunded`.
        public var kind: String
        public var amount: Money

        public init(position: UInt64, bookingId: String, kind: String, amount: Money) {
            self.position = position
            self.bookingId = bookingId
            self.kind = kind
            self.amount = amount
        }
    }

    public var eventId: String
    public var position: UInt64
    public var status: String
    public var seats: [Seat]?
    public var categories: [Category]?
    public var bookings: [BookingRow]
    public var ledger: [LedgerEntry]
    public var gross: Money
    public var refunds: Money

    /// The show `show` as of `position` (inclusive); `nil` if it had not been drafted by then.
    public static func load(_ show: ShowID, through position: GlobalPosition, log: any EventLog) async throws -> ShowAsOf? {
        var state = Show.initialState
        var bookingIDs: [BookingID] = []
        for record in try await log.history(of: try Show.stream(show), through: position) {
            guard let event = try EventEncoding.decode(Show.self, record) else { continue }
            Show.apply(event, to: &state)
            for booking in AuditStories.bookings(named: event) where !bookingIDs.contains(booking) { bookingIDs.append(booking) }
        }
        guard let configuration = state.configuration else { return nil }
        var rows: [BookingRow] = []
        var ledger: [LedgerEntry] = []
        for booking in bookingIDs {
            var folded = Booking.initialState
            for record in try await log.history(of: try Booking.stream(booking), through: position) {
                guard let event = try EventEncoding.decode(Booking.self, record) else { continue }
                Booking.apply(event, to: &folded)
                switch event {
                case .confirmed(let confirmed):
                    ledger.append(LedgerEntry(position: record.position.rawValue, bookingId: booking.rawValue, kind: "paid", amount: confirmed.payment?.amount ?? .zero()))
                case .refundRequested(let requested):
                    ledger.append(LedgerEntry(position: record.position.rawValue, bookingId: booking.rawValue, kind: "refunded", amount: requested.amount))
                default: break
                }
            }
            guard let terms = folded.terms else { continue }
            rows.append(BookingRow(bookingId: booking.rawValue, customerId: terms.customer.rawValue, status: folded.status.rawValue,
                                   items: StoryLine.items(terms.items), price: terms.price.total, paid: folded.paid, refund: folded.refund?.amount,
                                   checkedIn: folded.tickets.values.filter { $0.checkedIn != nil }.count))
        }
        let gross = try Money.sum(ledger.filter { $0.kind == "paid" }.map(\.amount))
        let refunds = try Money.sum(ledger.filter { $0.kind == "refunded" }.map(\.amount))
        var asOf = ShowAsOf(eventId: show.rawValue, position: position.rawValue, status: state.status.rawValue, seats: nil, categories: nil,
                            bookings: rows, ledger: ledger.sorted { $0.position < $1.position }, gross: gross, refunds: refunds)
        switch configuration.inventory {
        case .seated(let seated):
            asOf.seats = seated.seats.keys.sorted().map { seat in
                guard let booking = state.seatTakenBy[seat] else { return Seat(seat: seat.rawValue, state: "free") }
                if let hold = state.holds[booking] { return Seat(seat: seat.rawValue, state: "held", bookingId: booking.rawValue, heldUntil: hold.expiresAt.rawValue) }
                return Seat(seat: seat.rawValue, state: "sold", bookingId: booking.rawValue)
            }
        case .categories(let categories):
            asOf.categories = categories.map { Category(id: $0.id.rawValue, capacity: $0.capacity, held: state.heldCounts[$0.id] ?? 0, sold: state.soldCounts[$0.id] ?? 0) }
        }
        return asOf
    }

    public init(eventId: String, position: UInt64, status: String, seats: [Seat]? = nil, categories: [Category]? = nil, bookings: [BookingRow], ledger: [LedgerEntry], gross: Money, refunds: Money) {
        self.eventId = eventId
        self.position = position
        self.status = status
        self.seats = seats
        self.categories = categories
        self.bookings = bookings
        self.ledger = ledger
        self.gross = gross
        self.refunds = refunds
    }
}

extension EventLog {
    /// The last position recorded at or before `time` (`.start` if nothing was): the log's recorded-at times never
    /// go back, so a binary search over positions finds it.
    public func lastPosition(atOrBefore time: Date) async throws(EventStoreError) -> GlobalPosition {
        var (low, high) = (UInt64(0), try await head().rawValue)
        while low < high {
            let middle = low + (high - low + 1) / 2
            guard let record = try await read(from: GlobalPosition(middle), limit: 1).first else { break }
            if record.recordedAt <= time { low = middle } else { high = middle - 1 }
        }
        return GlobalPosition(low)
    }
}
