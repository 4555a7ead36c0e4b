public import Domain
import Foundation

/// One show's analytics: the fate of its holds, its sales by section and by day, and its door.
public struct ShowAnalytics: Codable, Sendable, Equatable {
    /// What became of the show's holds. A late payment can confirm a booking that had expired, so the outcomes
    /// need not add up to `started`.
    public struct Holds: Codable, Sendable, Equatable {
        public var started = 0
        public var confirmed = 0
        public var expired = 0
        public var released = 0
        public var refunded = 0
    }

    public var holds = Holds()
    /// Tickets kept (confirmed, not refunded) and their ticket prices, by seat row or ticket category.
    public var sections: [String: Sales] = [:]
    /// The same by the UTC day the booking was confirmed (`2026-12-01`).
    public var days: [String: Sales] = [:]
    public var checkedIn = 0

    public init() {}

    /// Adds (`sign` 1) or takes back (`sign` -1) a booking's sales.
    mutating func add(_ booking: [String: Sales], on day: String, sign: Int) throws(MoneyError) {
        for (section, sales) in booking {
            sections[section] = try (sections[section] ?? Sales(tickets: 0, revenue: .zero(sales.revenue.currency))).adding(sales, sign: sign)
            days[day] = try (days[day] ?? Sales(tickets: 0, revenue: .zero(sales.revenue.currency))).adding(sales, sign: sign)
        }
        // A section or day whose every ticket was refunded sold nothing.
        sections = sections.filter { $0.value.tickets != 0 }
        days = days.filter { $0.value.tickets != 0 }
    }
}

/// Tickets and what they brought in.
public struct Sales: Codable, Sendable, Equatable {
    public var tickets: Int
    public var revenue: Money

    func adding(_ other: Sales, sign: Int) throws(MoneyError) -> Sales {
        Sales(tickets: tickets + sign * other.tickets,
              revenue: sign > 0 ? try revenue.adding(other.revenue) : try revenue.subtracting(other.revenue))
    }
}

/// A UTC calendar day as `YYYY-MM-DD`.
struct UTCDay {
    let text: String

    init(_ instant: Instant) {
        text = Date(timeIntervalSince1970: Double(instant.rawValue) / 1000)
            .formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }
}
