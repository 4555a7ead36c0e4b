public import Domain
import DomainEvents
public import EventStore

/// Which bookings each customer has, oldest first: the index behind "my holds and bookings". Only a booking's
/// start names its customer, so that is the only event this fold reads.
public struct CustomerBookingsProjection: Projection {
    public struct View: Codable, Sendable, Equatable {
        public var bookings: [BookingID]
    }
    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "customer-bookings"
    public static let version = 1

    public init() {}

    public func fold(_ record: RecordedEvent) throws -> ViewChange<View>? {
        guard record.stream.isIn(category: Booking.category),
              case .started(let started)? = try EventEncoding.decode(Booking.self, record)
        else { return nil }
        let booking = BookingID(record.stream.id)
        return ViewChange(key: started.terms.customer.rawValue) { view in
            var index = view ?? View(bookings: [])
            if !index.bookings.contains(booking) { index.bookings.append(booking) }
            view = index
        }
    }
}
