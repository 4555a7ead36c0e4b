public import Domain
import DomainEvents
public import EventStore

/// Folds `show` events into `ShowAvailability`, one view per show id.
public struct ShowAvailabilityProjection: Projection {
    public typealias View = ShowAvailability
    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-availability"
    public static let version = 1

    public init() {}

    public func fold(_ record: RecordedEvent) throws -> ViewChange<ShowAvailability>? {
        guard record.stream.isIn(category: Show.category), let event = try EventEncoding.decode(Show.self, record) else { return nil }
        return ViewChange(key: record.stream.id) { view in
            var availability = view ?? ShowAvailability()
            Self.apply(event, to: &availability)
            view = availability
        }
    }

    /// The fold itself, pure.
    public static func apply(_ event: Show.Event, to view: inout ShowAvailability) {
        switch event {
        case .drafted(let drafted): view.reset(to: drafted.configuration.inventory, status: .draft)
        case .inventoryChanged(let changed): view.reset(to: changed.inventory, status: view.status)
        case .submitted: view.status = .submitted
        case .approved: view.status = .approved
        case .rejected: view.status = .rejected
        case .cancelled: view.status = .cancelled
        case .ended: view.status = .ended
        case .itemsHeld(let held):
            view.bookings[held.booking] = BookedItems(items: held.items, sold: false, heldUntil: held.expiresAt)
            view.mark(held.items, seat: .held(until: held.expiresAt), held: 1, sold: 0)
        case .holdReleased(let released): view.endHold(released.booking)
        case .holdExpired(let expired): view.endHold(expired.booking)
        case .itemsSold(let sold):
            view.endHold(sold.booking)
            view.bookings[sold.booking] = BookedItems(items: sold.items, sold: true, heldUntil: nil)
            view.mark(sold.items, seat: .sold, held: 0, sold: 1)
        case .itemsReturned(let returned):
            guard view.bookings[returned.booking]?.sold == true else { return }
            view.bookings.removeValue(forKey: returned.booking)
            view.mark(returned.items, seat: .free, held: 0, sold: -1)
        case .detailsEdited, .rescheduled, .refundPolicyChanged:
            break
        }
    }
}

extension ShowAvailability {
    /// Starts over from an inventory, keeping what bookings hold or bought (inventory changes never strand them).
    mutating func reset(to inventory: Inventory, status: ShowStatus) {
        self.status = status
        let booked = bookings
        seats = [:]
        categories = [:]
        bookings = [:]
        switch inventory {
        case .seated(let seated): for seat in seated.seats.keys { seats[seat] = .free }
        case .categories(let list): for category in list { categories[category.id] = CategoryCounts(capacity: category.capacity) }
        }
        for (booking, items) in booked.sorted(by: { $0.key < $1.key }) {
            bookings[booking] = items
            let seat: SeatState = items.sold ? .sold : .held(until: items.heldUntil ?? Instant(rawValue: .max))
            mark(items.items, seat: seat, held: items.sold ? 0 : 1, sold: items.sold ? 1 : 0)
        }
    }

    /// Sets `items`' seats to `seat` and moves category counts by `held` and `sold` units each.
    mutating func mark(_ items: Items, seat: SeatState, held: Int, sold: Int) {
        switch items {
        case .seats(let ids): for id in ids { seats[id] = seat }
        case .tickets(let counts):
            for (category, count) in counts {
                categories[category, default: CategoryCounts(capacity: 0)].held += held * count
                categories[category, default: CategoryCounts(capacity: 0)].sold += sold * count
            }
        }
    }

    /// Frees what an unpaid hold held.
    mutating func endHold(_ booking: BookingID) {
        guard let held = bookings[booking], !held.sold else { return }
        bookings.removeValue(forKey: booking)
        mark(held.items, seat: .free, held: -1, sold: 0)
    }
}
