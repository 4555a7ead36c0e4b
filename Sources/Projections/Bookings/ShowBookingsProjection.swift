public import Domain
public import DomainEvents
public import EventStore

/// Each show's bookings and its door: a row per booking (whose, how many tickets, how many used), a summary per
/// show (tickets valid for the door, tickets checked in), and for each booking the show it belongs to (its later
/// events do not name the show). Rows, not a list per show, so a hold on a show of 60,000 bookings writes two
/// small rows rather than the whole list.
///
/// Keys: `show` (summary), `show\u{1}b\u{1}booking` (a booking of the show), `\u{2}booking` (the show of a booking).
public struct ShowBookingsProjection: Projection {
    // indirect: a batch copies views in and out; boxed, a copy is a reference count instead of a walk through the
    // runtime's generic value witnesses (see DomainEvent).
    public indirect enum View: Codable, Sendable, Equatable {
        case summary(CheckInCounts)
        case booking(Row)
        case owner(ShowID)
    }

    /// What the door of a show has to admit.
    public struct CheckInCounts: Codable, Sendable, Equatable {
        /// Tickets issued and not refunded.
        public var valid: Int
        /// Tickets used at the door.
        public var checkedIn: Int
    }

    /// One booking of the show.
    public struct Row: Codable, Sendable, Equatable {
        public var customer: CustomerID
        public var tickets: Int
        public var checkedIn: Int
        public var refunded: Bool
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-bookings"
    /// 2: views compact-encoded instead of JSON.
    public static let version = 2

    public init() {}

    static func bookingKey(_ show: ShowID, _ booking: BookingID) -> String { "\(show.rawValue)\u{1}b\u{1}\(booking.rawValue)" }
    static func ownerKey(_ booking: BookingID) -> String { "\u{2}\(booking.rawValue)" }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        guard case .booking(let event)? = event else { return }
        let booking = BookingID(record.stream.id)
        switch event {
        case .started(let started):
            let show = started.terms.show
            views.set(Self.ownerKey(booking), .owner(show))
            views.set(Self.bookingKey(show, booking), .booking(Row(customer: started.terms.customer, tickets: 0, checkedIn: 0, refunded: false)))
        case .confirmed(let confirmed):
            try Self.change(booking, views) { row, door in
                row.tickets = confirmed.tickets.count
                door.valid += confirmed.tickets.count
            }
        case .checkedIn:
            try Self.change(booking, views) { row, door in
                row.checkedIn += 1
                door.checkedIn += 1
            }
        case .refundRequested:
            try Self.change(booking, views) { row, door in
                guard !row.refunded else { return }
                row.refunded = true
                door.valid -= row.tickets
            }
        case .orderCreated, .paymentFailed, .expired, .released, .refundProcessing, .refundProcessed, .refundFailed:
            return
        }
    }

    /// A change to a booking's row and its show's door, found through the booking's owner row.
    private static func change(_ booking: BookingID, _ batch: ViewBatch<View>, _ update: (inout Row, inout CheckInCounts) -> Void) throws {
        guard case .owner(let show)? = try batch.view(ownerKey(booking)),
              case .booking(var row)? = try batch.view(bookingKey(show, booking))
        else { return }
        var door = if case .summary(let door)? = try batch.view(show.rawValue) { door } else { CheckInCounts(valid: 0, checkedIn: 0) }
        update(&row, &door)
        batch.set(bookingKey(show, booking), .booking(row))
        batch.set(show.rawValue, .summary(door))
    }

    /// The door of `show`: tickets valid and tickets used.
    public static func checkInCounts(of show: ShowID, from store: ProjectionStore) throws(EventStoreError) -> CheckInCounts {
        guard case .summary(let door)? = try store.view(Self.self, key: show.rawValue) else { return CheckInCounts(valid: 0, checkedIn: 0) }
        return door
    }

    /// Every booking of `show`, by booking id.
    public static func bookings(of show: ShowID, from store: ProjectionStore) throws(EventStoreError) -> [(BookingID, Row)] {
        let prefix = "\(show.rawValue)\u{1}b\u{1}"
        return try store.views(Self.self, prefix: prefix).compactMap { entry in
            guard case .booking(let row) = entry.view else { return nil }
            return (BookingID(String(entry.key.dropFirst(prefix.count))), row)
        }
    }
}
