public import Domain
public import DomainEvents
public import EventStore

/// What an organizer reads about one show beyond its money: how holds turned into bookings (started, confirmed,
/// expired, released, refunded), which sections sold (a seat's row, or a ticket category) and on which days, and
/// how many tickets were used at the door. Revenue here is ticket prices (what the organizer earns), not fees.
///
/// Keys: `show` (the show's analytics), `\u{2}booking` (a booking's show and what it bought, since its later
/// events do not name them).
public struct ShowAnalyticsProjection: Projection {
    // indirect: a batch copies views in and out; boxed, a copy is a reference count instead of a walk through the
    // runtime's generic value witnesses (see DomainEvent).
    public indirect enum View: Codable, Sendable, Equatable {
        case show(ShowAnalytics)
        case booking(BookingPart)
    }

    public struct BookingPart: Codable, Sendable, Equatable {
        public var show: ShowID
        public var sections: [String: Sales]
        /// The UTC day it was confirmed on, once it is.
        public var confirmedOn: String?
        public var refunded: Bool
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-analytics"
    /// 2: views compact-encoded instead of JSON.
    public static let version = 2

    public init() {}

    static func bookingKey(_ booking: BookingID) -> String { "\u{2}\(booking.rawValue)" }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        guard case .booking(let event)? = event else { return }
        let booking = BookingID(record.stream.id)
        switch event {
        case .started(let started):
            let part = BookingPart(show: started.terms.show, sections: try Self.sections(of: started.terms.price), confirmedOn: nil, refunded: false)
            views.set(Self.bookingKey(booking), .booking(part))
            try Self.update(part.show, views) { $0.holds.started += 1 }
        case .confirmed(let confirmed):
            try Self.change(booking, views) { part, analytics in
                guard part.confirmedOn == nil else { return }
                let day = UTCDay(confirmed.at).text
                part.confirmedOn = day
                analytics.holds.confirmed += 1
                try analytics.add(part.sections, on: day, sign: 1)
            }
        case .expired:
            try Self.change(booking, views) { _, analytics in analytics.holds.expired += 1 }
        case .released:
            try Self.change(booking, views) { _, analytics in analytics.holds.released += 1 }
        case .refundRequested:
            try Self.change(booking, views) { part, analytics in
                // Only a confirmed booking sold anything; a refund is counted once however often it is asked.
                guard let day = part.confirmedOn, !part.refunded else { return }
                part.refunded = true
                analytics.holds.refunded += 1
                try analytics.add(part.sections, on: day, sign: -1)
            }
        case .checkedIn:
            try Self.change(booking, views) { _, analytics in analytics.checkedIn += 1 }
        case .orderCreated, .paymentFailed, .refundProcessing, .refundProcessed, .refundFailed:
            return
        }
    }

    /// A booking's priced lines by section: a seat's row (the letters of its label), or the category id.
    static func sections(of price: PriceBreakdown) throws(MoneyError) -> [String: Sales] {
        var sections: [String: Sales] = [:]
        for line in price.lines {
            let section = line.item.first?.isLetter == true ? String(line.item.prefix { $0.isLetter }) : line.item
            let sales = Sales(tickets: line.quantity, revenue: try line.unitPrice.multiplied(by: line.quantity))
            sections[section] = try (sections[section] ?? Sales(tickets: 0, revenue: .zero(sales.revenue.currency))).adding(sales, sign: 1)
        }
        return sections
    }

    private static func change(_ booking: BookingID, _ batch: ViewBatch<View>,
                               _ update: (inout BookingPart, inout ShowAnalytics) throws -> Void) throws {
        guard case .booking(var part)? = try batch.view(bookingKey(booking)) else { return }
        try Self.update(part.show, batch) { analytics in try update(&part, &analytics) }
        batch.set(bookingKey(booking), .booking(part))
    }

    private static func update(_ show: ShowID, _ batch: ViewBatch<View>, _ change: (inout ShowAnalytics) throws -> Void) throws {
        var analytics = if case .show(let stored)? = try batch.view(show.rawValue) { stored } else { ShowAnalytics() }
        try change(&analytics)
        batch.set(show.rawValue, .show(analytics))
    }

    /// The analytics of `show` (all zero before its first hold).
    public static func analytics(of show: ShowID, from store: ProjectionStore) throws(EventStoreError) -> ShowAnalytics {
        guard case .show(let analytics)? = try store.view(Self.self, key: show.rawValue) else { return ShowAnalytics() }
        return analytics
    }
}
