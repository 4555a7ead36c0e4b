import Domain
import Foundation
import Hummingbird
import Projections

/// A listing query: `kind`, `subType`, `city`, a date range (`from`, `to`: ISO 8601 dates or times, or
/// milliseconds since 1970), free text `q` (every word must appear in the title, description, venue or sub-type),
/// and `page` / `limit`. Only public shows that have not ended are listed, soonest first.
struct ShowSearch: Equatable {
    var kind: ShowKind?
    var subType: String?
    var city: String?
    var from: Instant?
    var to: Instant?
    var words: [String] = []
    var page = 1
    var limit = 20

    static let maxLimit = 100

    /// Parses the query, naming the parameter that is wrong.
    init(query: [String: String]) throws(APIError) {
        if let kind = query["kind"] {
            guard let parsed = ShowKind(rawValue: kind.lowercased()) else {
                throw APIError.invalidQuery("kind must be one of seating, open, registration, online")
            }
            self.kind = parsed
        }
        subType = query["subType"].map { $0.lowercased() }
        city = query["city"].map { $0.lowercased() }
        from = try query["from"].map { value throws(APIError) in try Self.instant(value, name: "from", endOfDay: false) }
        to = try query["to"].map { value throws(APIError) in try Self.instant(value, name: "to", endOfDay: true) }
        if let from, let to, to < from {
            throw APIError.invalidQuery("to is before from")
        }
        words = (query["q"] ?? "").lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        page = try Self.number(query["page"], name: "page", default: 1, range: 1...100_000)
        limit = try Self.number(query["limit"], name: "limit", default: 20, range: 1...Self.maxLimit)
    }

    func matches(_ listing: ShowListing, now: Instant) -> Bool {
        guard listing.status == .approved, listing.schedule.end > now else { return false }
        if let kind, listing.kind != kind { return false }
        if let subType, listing.details.subType.lowercased() != subType { return false }
        if let city, listing.details.city.lowercased() != city { return false }
        if let from, listing.schedule.end < from { return false }
        if let to, listing.schedule.start > to { return false }
        guard !words.isEmpty else { return true }
        let text = [listing.details.title, listing.details.description, listing.details.venue, listing.details.subType]
            .joined(separator: " ").lowercased()
        return words.allSatisfy { text.contains($0) }
    }

    /// The asked page of the matching listings, soonest first, and how many match in all.
    func results(in listings: [ShowListing], now: Instant) -> (page: [ShowListing], total: Int) {
        let matching = listings.filter { matches($0, now: now) }
            .sorted { ($0.schedule.start, $0.id) < ($1.schedule.start, $1.id) }
        let start = min((page - 1) * limit, matching.count)
        return (Array(matching[start..<min(start + limit, matching.count)]), matching.count)
    }

    private static func number(_ value: String?, name: String, default fallback: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let value else { return fallback }
        guard let number = Int(value), range.contains(number) else {
            throw APIError.invalidQuery("\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// An instant from milliseconds, an ISO 8601 time, or a date (its start, or its end for `to`).
    private static func instant(_ value: String, name: String, endOfDay: Bool) throws(APIError) -> Instant {
        if let millis = Int64(value) { return Instant(millisecondsSince1970: millis) }
        let full = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = full.date(from: value) {
            return Instant(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        if let date = day.date(from: value) {
            let start = Int64((date.timeIntervalSince1970 * 1000).rounded())
            return Instant(millisecondsSince1970: endOfDay ? start + 86_400_000 - 1 : start)
        }
        throw APIError.invalidQuery("\(name) must be a date (2026-12-31), an ISO 8601 time or milliseconds since 1970")
    }
}
