public import Domain
public import DomainEvents
public import EventStore

/// Which bookings each customer has, oldest first: the index behind "my holds and bookings". Only a booking's
/// start names its customer, so that is the only event this fold reads.
///
/// A row per booking, keyed by the customer and the start's log position, not a list per customer: a list is read
/// and written whole on every new booking, so a customer with a thousand bookings made each one cost a thousand
/// (and a rebuild of a long log cost the square of it).
///
/// Keys: `customer\u{1}position` (twenty digits, so key order is log order).
public struct CustomerBookingsProjection: Projection {
    public struct View: Codable, Sendable, Equatable {
        public var booking: BookingID
    }
    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "customer-bookings"
    /// 2: a row per booking instead of one list per customer, compact-encoded instead of JSON.
    public static let version = 2

    public init() {}

    static func prefix(_ customer: CustomerID) -> String { "\(customer.rawValue)\u{1}" }

    static func key(_ customer: CustomerID, _ position: GlobalPosition) -> String {
        let digits = String(position.rawValue)
        return prefix(customer) + String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        guard case .booking(.started(let started))? = event else { return }
        views.set(Self.key(started.terms.customer, record.position), View(booking: BookingID(record.stream.id)))
    }

    /// The bookings of `customer`, oldest first.
    public static func bookings(of customer: CustomerID, from store: ProjectionStore) throws(EventStoreError) -> [BookingID] {
        try store.views(Self.self, prefix: prefix(customer)).map(\.view.booking)
    }
}
