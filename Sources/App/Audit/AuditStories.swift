public import Domain
public import DomainEvents
public import EventStore

/// The full stories an auditor asks for, event by event with positions, times, actors and amounts, read from the
/// streams involved (never from projections, which are only caches of them).
public enum AuditStories {
    /// A booking: its own stream, and its show's events that name it.
    public static func booking(_ booking: BookingID, log: any EventLog) async throws -> [StoryLine] {
        let own = try await log.history(of: try Booking.stream(booking))
        guard let first = own.first, case .started(let started)? = try EventEncoding.decode(Booking.self, first) else { return [] }
        let show = try await log.history(of: try Show.stream(started.terms.show))
        let naming = try show.filter { try bookings(named: EventEncoding.decode(Show.self, $0)).contains(booking) }
        return try lines(own + naming)
    }

    /// A seat of a show: the show's events that touch it, and the stories of the bookings that held or bought it.
    public static func seat(_ seat: SeatID, of show: ShowID, log: any EventLog) async throws -> [StoryLine] {
        let records = try await log.history(of: try Show.stream(show))
        var touching: [RecordedEvent] = []
        var holders: [BookingID] = []
        for record in records {
            switch try EventEncoding.decode(Show.self, record) {
            case .itemsHeld(let held)? where held.items.contains(seat): touching.append(record); holders.append(held.booking)
            case .itemsSold(let sold)? where sold.items.contains(seat): touching.append(record); holders.append(sold.booking)
            case .itemsReturned(let returned)? where returned.items.contains(seat): touching.append(record)
            case .holdReleased(let released)? where holders.contains(released.booking): touching.append(record)
            case .holdExpired(let expired)? where holders.contains(expired.booking): touching.append(record)
            case .drafted?, .inventoryChanged?, .cancelled?, .ended?: touching.append(record)
            default: break
            }
        }
        var theirs: [RecordedEvent] = []
        for booking in Set(holders) {
            theirs += try await log.history(of: try Booking.stream(booking))
        }
        return try lines(touching + theirs)
    }

    /// A show's payout: every payment and refund of its bookings, then the settlement and each step of paying it.
    public static func payout(of show: ShowID, log: any EventLog) async throws -> [StoryLine] {
        let showRecords = try await log.history(of: try Show.stream(show))
        var bookings: [BookingID] = []
        for record in showRecords {
            for booking in try Self.bookings(named: EventEncoding.decode(Show.self, record)) where !bookings.contains(booking) { bookings.append(booking) }
        }
        var money: [RecordedEvent] = []
        for booking in bookings {
            for record in try await log.history(of: try Booking.stream(booking)) {
                switch try EventEncoding.decode(Booking.self, record) {
                case .confirmed?, .refundRequested?, .refundProcessed?, .refundFailed?: money.append(record)
                default: break
                }
            }
        }
        let payout = try await log.history(of: try Payout.stream(show))
        return try lines(money + payout)
    }

    /// The bookings a show event names.
    public static func bookings(named event: Show.Event?) -> [BookingID] {
        switch event {
        case .itemsHeld(let held)?: [held.booking]
        case .itemsSold(let sold)?: [sold.booking]
        case .itemsReturned(let returned)?: [returned.booking]
        case .holdReleased(let released)?: [released.booking]
        case .holdExpired(let expired)?: [expired.booking]
        default: []
        }
    }

    private static func lines(_ records: [RecordedEvent]) throws -> [StoryLine] {
        try records.sorted { $0.position < $1.position }.compactMap(StoryLine.of)
    }
}

extension Items {
    public func contains(_ seat: SeatID) -> Bool {
        if case .seats(let seats) = self { return seats.contains(seat) }
        return false
    }
}
