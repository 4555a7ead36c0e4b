public import Domain
public import DomainEvents
public import EventStore

/// Folds `show` events into availability rows: one summary row per show, one row per seat that is not free, one
/// row per active booking. A hold writes only its own seats and booking, so a 60,000-seat show costs per hold
/// what a 100-seat one does.
public struct ShowAvailabilityProjection: Projection {
    /// One stored row.
    // indirect: a batch copies views in and out; boxed, a copy is a reference count instead of a walk through the
    // runtime's generic value witnesses (see DomainEvent).
    public indirect enum View: Codable, Sendable, Equatable {
        case summary(AvailabilitySummary)
        case seat(SeatState)
        case booking(BookedItems)
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-availability"
    /// 2: rows per seat and booking instead of one document per show.
    /// 3: views compact-encoded instead of JSON.
    public static let version = 3

    public init() {}

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        guard case .show(let event)? = event else { return }
        var rows = BatchRows(show: record.stream.id, batch: views)
        try AvailabilityFold.apply(event, to: &rows)
    }

    /// The fold on a whole value in memory (rooms, tests).
    public static func apply(_ event: Show.Event, to view: inout ShowAvailability) {
        // In memory nothing can fail to load.
        try? AvailabilityFold.apply(event, to: &view)
    }

    /// A show's availability as stored (with its bookings only when asked: a hot show has many), or `nil` for a
    /// show the projection has not seen.
    public static func read(show: String, from store: ProjectionStore, bookings: Bool = false) throws(EventStoreError) -> ShowAvailability? {
        guard case .summary(let summary)? = try store.view(Self.self, key: Keys.summary(show)) else { return nil }
        var availability = ShowAvailability()
        availability.summary = summary
        for (key, row) in try store.views(Self.self, prefix: Keys.seatPrefix(show)) {
            if case .seat(let state) = row { availability.marks[SeatID(String(key.dropFirst(Keys.seatPrefix(show).count)))] = state }
        }
        for (key, row) in bookings ? try store.views(Self.self, prefix: Keys.bookingPrefix(show)) : [] {
            if case .booking(let items) = row { availability.bookings[BookingID(String(key.dropFirst(Keys.bookingPrefix(show).count)))] = items }
        }
        return availability
    }

    /// Row keys. A show id never holds a control character, so `\u{1}` cannot collide with one.
    enum Keys {
        static func summary(_ show: String) -> String { show }
        static func seatPrefix(_ show: String) -> String { "\(show)\u{1}s\u{1}" }
        static func bookingPrefix(_ show: String) -> String { "\(show)\u{1}b\u{1}" }
    }

    /// The rows of one show inside a batch.
    struct BatchRows: AvailabilityRows {
        let show: String
        let batch: ViewBatch<View>

        func currentSummary() throws -> AvailabilitySummary? {
            guard case .summary(let summary)? = try batch.view(Keys.summary(show)) else { return nil }
            return summary
        }
        func setSummary(_ summary: AvailabilitySummary) { batch.set(Keys.summary(show), .summary(summary)) }
        func booking(_ id: BookingID) throws -> BookedItems? {
            guard case .booking(let items)? = try batch.view(Keys.bookingPrefix(show) + id.rawValue) else { return nil }
            return items
        }
        func setBooking(_ id: BookingID, _ items: BookedItems?) { batch.set(Keys.bookingPrefix(show) + id.rawValue, items.map(View.booking)) }
        func setSeat(_ id: SeatID, _ state: SeatState) {
            batch.set(Keys.seatPrefix(show) + id.rawValue, state == .free ? nil : .seat(state))
        }
    }
}
