import Domain
import Projections

/// How a seated show's seats are drawn: rows from left to right with their gaps, from the screen's layout (blocked
/// seats marked), or, for a show with no screen, its seats grouped into rows by their letters.
struct SeatingPlan: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        var label: String
        var places: [Place]
    }

    /// A seat (with its type, and whether it is blocked) or a gap.
    struct Place: Encodable, Sendable {
        var seat: String?
        var type: String?
        var blocked: Bool?
        var gap: Bool?
    }

    var rows: [Row]

    init(layout: SeatLayout) {
        rows = layout.rows.map { row in
            Row(label: row.label, places: row.places.map { place in
                switch place {
                case let .seat(number, type):
                    let id = SeatID("\(row.label)\(number)")
                    return Place(seat: id.rawValue, type: type, blocked: layout.blocked.contains(id) ? true : nil)
                case .gap:
                    return Place(gap: true)
                }
            })
        }
    }

    init(seats: [SeatID: String]) {
        var rows: [String: [(SeatID, String)]] = [:]
        for (seat, type) in seats {
            let label = String(seat.rawValue.prefix { $0.isLetter })
            rows[label, default: []].append((seat, type))
        }
        self.rows = rows.keys.sortedInReadingOrder(by: \.self).map { label in
            Row(label: label, places: (rows[label] ?? []).sortedInReadingOrder(by: \.0.rawValue).map {
                Place(seat: $0.0.rawValue, type: $0.1)
            })
        }
    }
}
