public import Domain

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

/// A UTC calendar day as `YYYY-MM-DD` (proleptic Gregorian, as ISO 8601 has it).
///
/// Computed from the day count rather than through Foundation's date formatting, which cost about as much as the
/// rest of a confirmation's fold in a rebuild (a formatter per call). `UTCDayTests` holds it to Foundation's answer.
struct UTCDay {
    let text: String

    init(_ instant: Instant) {
        // Days since 1970-01-01, rounded towards the past; then the civil date of that day count (the algorithm of
        // Howard Hinnant's "days_from_civil" paper, run backwards: eras of 400 years of 146,097 days).
        let days = instant.rawValue >= 0 ? instant.rawValue / 86_400_000 : (instant.rawValue + 1) / 86_400_000 - 1
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        text = Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
