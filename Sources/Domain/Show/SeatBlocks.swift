/// A seated show's seats as best-available sees them: each row of the layout split into blocks of seats side by side,
/// at its gaps (aisles) and at seats the show does not sell (blocked ones), each seat with its score.
///
/// The score is the seat's distance from the ideal seat, doubled so that it stays whole: four for every row between
/// it and the best row (the row two thirds of the way back from the front, rows being listed front first), plus its
/// distance in places (gaps count) from the centre of its row, times two. A lower score is a better seat.
public struct SeatBlocks: Sendable {
    public struct Block: Sendable, Equatable {
        /// The row's index in the layout, front first.
        public let row: Int
        /// Left to right, each next to the one before.
        public let seats: [SeatID]
        public let scores: [Int]
    }

    public let blocks: [Block]
    /// Where each seat is: its block and its index in it.
    let places: [SeatID: (block: Int, index: Int)]

    /// `sellable` says which of the layout's seats the show sells; the others split blocks as gaps do.
    public init(layout: SeatLayout, sellable: (SeatID) -> Bool) {
        self.init(rows: layout.rows.map { row in
            row.places.map { place -> SeatID? in
                guard case .seat(let number, _) = place, case let id = SeatID("\(row.label)\(number)"),
                      !layout.blocked.contains(id), sellable(id)
                else { return nil }
                return id
            }
        })
    }

    /// A show with no screen: its seats grouped into rows by their letters, each row in reading order with no gaps
    /// (as its seating plan is drawn).
    public init(seatNames seats: [SeatID: String]) {
        let rows = Dictionary(grouping: seats.keys) { String($0.rawValue.prefix { $0.isLetter }) }
        self.init(rows: rows.keys.sortedInReadingOrder(by: \.self).map { label in
            (rows[label] ?? []).sortedInReadingOrder(by: \.rawValue).map { Optional($0) }
        })
    }

    /// Rows front first, each its places left to right: a seat for sale, or `nil` (a gap, or a seat not sold).
    init(rows: [[SeatID?]]) {
        let best = (rows.count - 1) * 2 / 3
        var blocks: [Block] = []
        for (number, row) in rows.enumerated() {
            var seats: [SeatID] = []
            var scores: [Int] = []
            for (place, seat) in row.enumerated() {
                if let seat {
                    seats.append(seat)
                    scores.append(4 * abs(number - best) + abs(2 * place - (row.count - 1)))
                }
                if seat == nil || place == row.count - 1, !seats.isEmpty {
                    blocks.append(Block(row: number, seats: seats, scores: scores))
                    (seats, scores) = ([], [])
                }
            }
        }
        self.blocks = blocks
        var places: [SeatID: (block: Int, index: Int)] = [:]
        for (b, block) in blocks.enumerated() {
            for (i, seat) in block.seats.enumerated() { places[seat] = (b, i) }
        }
        self.places = places
    }

    /// The score of a set of seats: the sum of theirs.
    public func score(of seats: some Sequence<SeatID>) -> Int {
        seats.reduce(0) { sum, seat in places[seat].map { sum + blocks[$0.block].scores[$0.index] } ?? sum }
    }

    /// Whether taking `picked` leaves a single free seat alone between taken seats (or a block's end): a seat
    /// nobody buying two can have.
    public func strands(_ picked: Set<SeatID>, free: (SeatID) -> Bool) -> Bool {
        !loneSeats(after: picked, free: free).isEmpty
    }

    /// The free seats taking `picked` leaves alone. Only seats next to the pick count, so a lone seat that was lone
    /// before is not this pick's doing.
    public func loneSeats(after picked: Set<SeatID>, free: (SeatID) -> Bool) -> Set<SeatID> {
        func isFree(_ seat: SeatID) -> Bool { free(seat) && !picked.contains(seat) }
        var alone: Set<SeatID> = []
        for seat in picked {
            guard let (b, i) = places[seat] else { continue }
            let seats = blocks[b].seats
            for neighbour in [i - 1, i + 1] where seats.indices.contains(neighbour) && isFree(seats[neighbour]) {
                let leftTaken = neighbour == 0 || !isFree(seats[neighbour - 1])
                let rightTaken = neighbour == seats.count - 1 || !isFree(seats[neighbour + 1])
                if leftTaken && rightTaken { alone.insert(seats[neighbour]) }
            }
        }
        return alone
    }

    /// How many groups of seats side by side `seats` make.
    public func pieces(of seats: Set<SeatID>) -> Int {
        seats.filter { seat in
            guard let (b, i) = places[seat] else { return true }
            return i == 0 || !seats.contains(blocks[b].seats[i - 1])
        }.count
    }
}
