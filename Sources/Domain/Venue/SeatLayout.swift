/// A screen's seat layout: rows of seats and gaps, seat types, and blocked seats that are never sold.
public struct SeatLayout: Hashable, Sendable, Codable {
    public var rows: [SeatRow]
    /// Seats that exist but are not for sale (broken, reserved for staff).
    public var blocked: Set<SeatID>

    public init(rows: [SeatRow], blocked: Set<SeatID> = []) {
        self.rows = rows
        self.blocked = blocked
    }

    /// Every seat that can be sold, with its seat type: what a seated show is drafted from.
    public var sellableSeats: [SeatID: String] {
        var seats: [SeatID: String] = [:]
        for row in rows {
            for case let .seat(number, type) in row.places {
                let id = SeatID("\(row.label)\(number)")
                if !blocked.contains(id) { seats[id] = type }
            }
        }
        return seats
    }

    /// Why the layout is unusable, or `nil`.
    public var problem: String? {
        if rows.isEmpty { return "a layout needs at least one row" }
        var labels = Set<String>()
        var all = Set<SeatID>()
        for row in rows {
            if row.label.trimmed.isEmpty { return "a row has no label" }
            guard labels.insert(row.label).inserted else { return "row \(row.label) appears twice" }
            var numbers = Set<Int>()
            for case let .seat(number, type) in row.places {
                if number < 1 { return "row \(row.label) has a seat numbered \(number)" }
                guard numbers.insert(number).inserted else { return "seat \(row.label)\(number) appears twice" }
                if type.trimmed.isEmpty { return "seat \(row.label)\(number) has no seat type" }
                all.insert(SeatID("\(row.label)\(number)"))
            }
        }
        if let stray = blocked.subtracting(all).sorted().first { return "blocked seat \(stray) is not in the layout" }
        if all.isEmpty { return "a layout needs at least one seat" }
        return nil
    }
}

/// One row: a label (`A`) and its places from left to right.
public struct SeatRow: Hashable, Sendable, Codable {
    public var label: String
    public var places: [Place]

    public init(label: String, places: [Place]) {
        self.label = label
        self.places = places
    }

    /// A seat with its number and type, or a gap (an aisle) between seats.
    public enum Place: Hashable, Sendable, Codable {
        case seat(number: Int, type: String)
        case gap

        private enum Key: String, CodingKey { case seat, type, gap }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            if let number = try container.decodeIfPresent(Int.self, forKey: .seat) {
                self = .seat(number: number, type: try container.decode(String.self, forKey: .type))
            } else {
                _ = try container.decode(Bool.self, forKey: .gap)
                self = .gap
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            switch self {
            case let .seat(number, type):
                try container.encode(number, forKey: .seat)
                try container.encode(type, forKey: .type)
            case .gap: try container.encode(true, forKey: .gap)
            }
        }
    }

    /// A row of `count` seats of one type, numbered from 1, with gaps after the given seat numbers.
    public static func uniform(_ label: String, seats count: Int, type: String, gapsAfter: Set<Int> = []) -> SeatRow {
        var places: [Place] = []
        for number in 1...max(1, count) {
            places.append(.seat(number: number, type: type))
            if gapsAfter.contains(number) && number < count { places.append(.gap) }
        }
        return SeatRow(label: label, places: places)
    }
}
