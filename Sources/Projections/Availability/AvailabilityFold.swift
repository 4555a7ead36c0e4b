public import Domain

/// Where the availability fold reads and writes: the whole thing in memory, or the projection's rows in a batch.
/// The fold is written once against this, so both always agree.
public protocol AvailabilityRows {
    func currentSummary() throws -> AvailabilitySummary?
    mutating func setSummary(_ summary: AvailabilitySummary)
    func booking(_ id: BookingID) throws -> BookedItems?
    mutating func setBooking(_ id: BookingID, _ items: BookedItems?)
    /// Marks a seat; `.free` removes the mark.
    mutating func setSeat(_ id: SeatID, _ state: SeatState)
}

/// The availability fold, pure: what each show event does to the seats, categories and bookings.
public enum AvailabilityFold {
    public static func apply<Rows: AvailabilityRows>(_ event: Show.Event, to rows: inout Rows) throws {
        switch event {
        case .drafted(let drafted): rows.setSummary(fresh(drafted.configuration.inventory, status: .draft))
        case .inventoryChanged(let changed):
            // Counts already held or sold stay; seats keep their marks (a seat that left the inventory is not shown).
            var summary = fresh(changed.inventory, status: try rows.currentSummary()?.status ?? .draft)
            for (id, counts) in try rows.currentSummary()?.categories ?? [:] {
                summary.categories[id, default: CategoryCounts(capacity: 0)].held = counts.held
                summary.categories[id, default: CategoryCounts(capacity: 0)].sold = counts.sold
            }
            rows.setSummary(summary)
        case .submitted: try setStatus(.submitted, &rows)
        case .approved: try setStatus(.approved, &rows)
        case .rejected: try setStatus(.rejected, &rows)
        case .cancelled: try setStatus(.cancelled, &rows)
        case .ended: try setStatus(.ended, &rows)
        case .itemsHeld(let held):
            rows.setBooking(held.booking, BookedItems(items: held.items, sold: false, heldUntil: held.expiresAt))
            try mark(held.items, seat: .held(until: held.expiresAt), held: 1, sold: 0, &rows)
        case .holdReleased(let released): try endHold(released.booking, &rows)
        case .holdExpired(let expired): try endHold(expired.booking, &rows)
        case .itemsSold(let sold):
            try endHold(sold.booking, &rows)
            rows.setBooking(sold.booking, BookedItems(items: sold.items, sold: true, heldUntil: nil))
            try mark(sold.items, seat: .sold, held: 0, sold: 1, &rows)
        case .itemsReturned(let returned):
            guard try rows.booking(returned.booking)?.sold == true else { return }
            rows.setBooking(returned.booking, nil)
            try mark(returned.items, seat: .free, held: 0, sold: -1, &rows)
        case .detailsEdited, .rescheduled, .refundPolicyChanged, .cutoffChanged, .loneSeatRuleChanged:
            break
        }
    }

    private static func fresh(_ inventory: Inventory, status: ShowStatus) -> AvailabilitySummary {
        switch inventory {
        case .seated(let seated):
            let seats: [SeatID] = seated.seats.keys.sortedInReadingOrder(by: \.rawValue)
            return AvailabilitySummary(status: status, seats: seats, categories: [:])
        case .categories(let list):
            var categories: [CategoryID: CategoryCounts] = [:]
            for category in list where categories[category.id] == nil {
                categories[category.id] = CategoryCounts(capacity: category.capacity)
            }
            return AvailabilitySummary(status: status, seats: [], categories: categories)
        }
    }

    private static func setStatus<Rows: AvailabilityRows>(_ status: ShowStatus, _ rows: inout Rows) throws {
        guard var summary = try rows.currentSummary() else { return }
        summary.status = status
        rows.setSummary(summary)
    }

    /// Frees what an unpaid hold held.
    private static func endHold<Rows: AvailabilityRows>(_ booking: BookingID, _ rows: inout Rows) throws {
        guard let held = try rows.booking(booking), !held.sold else { return }
        rows.setBooking(booking, nil)
        try mark(held.items, seat: .free, held: -1, sold: 0, &rows)
    }

    /// Sets `items`' seats to `seat`, or moves category counts by `held` and `sold` units each.
    private static func mark<Rows: AvailabilityRows>(
        _ items: Items, seat: SeatState, held: Int, sold: Int, _ rows: inout Rows
    ) throws {
        switch items {
        case .seats(let ids):
            for id in ids { rows.setSeat(id, seat) }
        case .tickets(let counts):
            guard var summary = try rows.currentSummary() else { return }
            for (category, count) in counts {
                summary.categories[category, default: CategoryCounts(capacity: 0)].held += held * count
                summary.categories[category, default: CategoryCounts(capacity: 0)].sold += sold * count
            }
            rows.setSummary(summary)
        }
    }
}

extension ShowAvailability: AvailabilityRows {
    public func currentSummary() -> AvailabilitySummary? { summary }
    public mutating func setSummary(_ summary: AvailabilitySummary) { self.summary = summary }
    public func booking(_ id: BookingID) -> BookedItems? { bookings[id] }
    public mutating func setBooking(_ id: BookingID, _ items: BookedItems?) { bookings[id] = items }
    public mutating func setSeat(_ id: SeatID, _ state: SeatState) { marks[id] = state == .free ? nil : state }
}
