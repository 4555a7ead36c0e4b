import Domain
import TestSupport
import Testing

@Suite("Domain: best-available seats")
struct BestSeatsTests {
    /// Rows A (front) to E, eight seats each with an aisle after the fourth: the best row is D, (5 − 1) × 2 / 3 = 2
    /// counted from 0, so C.
    static let hall = SeatLayout(rows: ["A", "B", "C", "D", "E"].map { label in
        SeatRow(label: label, places: (1...4).map { .seat(number: $0, type: "std") } + [.gap] + (5...8).map { .seat(number: $0, type: "std") })
    })

    func pick(_ count: Int, type: String? = nil, layout: SeatLayout = hall, taken: Set<String> = []) -> [String]? {
        let types = layout.sellableSeats
        let blocks = SeatBlocks(layout: layout) { types[$0] != nil }
        return BestSeats.pick(count, type: type, in: blocks, types: types) { !taken.contains($0.rawValue) }?.map(\.rawValue).sorted()
    }

    @Test func anEmptyHallGivesTheCentreOfTheBestRow() {
        // Row C; the aisle is the centre, so the seats beside it are the closest; a tie goes to the left.
        #expect(pick(1) == ["C4"])
        #expect(pick(2) == ["C3", "C4"])
        // Three of a block of four always leave one alone: no choice avoids it, so the best score wins.
        #expect(pick(3) == ["C2", "C3", "C4"])
    }

    @Test func seatsAreTogetherInOneBlockNeverAcrossTheAisle() {
        // Five seats fit no block of four: together is impossible, so the pick is apart, in as few groups as can be.
        let five = pick(5)
        #expect(five?.count == 5)
        let blocks = SeatBlocks(layout: Self.hall) { _ in true }
        #expect(blocks.pieces(of: Set((five ?? []).map { SeatID($0) })) == 2)
    }

    @Test func aPickLeavesNoSingleSeatWhenAnotherChoiceExists() {
        // C1 taken leaves C2 C3 C4: any two of them strand the third, so the pick crosses the aisle to C5 C6 (the
        // same score as C3 C4).
        #expect(pick(2, taken: ["C1"]) == ["C5", "C6"])
        // With C8 taken too, every pair in row C strands a seat: the pick moves a row, to the front one of the tie.
        let pair = pick(2, taken: ["C1", "C8"])
        #expect(pair == ["B3", "B4"])
        let blocks = SeatBlocks(layout: Self.hall) { _ in true }
        let free: (SeatID) -> Bool = { !["C1", "C8"].contains($0.rawValue) }
        #expect(blocks.strands(Set((pair ?? []).map { SeatID($0) }), free: free) == false)
        #expect(blocks.strands([SeatID("C3"), SeatID("C4")], free: free))
    }

    @Test func aSeatTypeIsHonouredAndTooFewSeatsIsNil() {
        let layout = SeatLayout(rows: [SeatRow(label: "A", places: [.seat(number: 1, type: "vip"), .seat(number: 2, type: "vip"),
                                                                    .seat(number: 3, type: "std"), .seat(number: 4, type: "std")])])
        #expect(pick(2, type: "vip", layout: layout) == ["A1", "A2"])
        #expect(pick(3, type: "vip", layout: layout) == nil)
        #expect(pick(2, type: "vip", layout: layout, taken: ["A1"]) == nil)
    }

    @Test func blockedSeatsSplitABlockAsAGapDoes() {
        let layout = SeatLayout(rows: [SeatRow(label: "A", places: (1...5).map { .seat(number: $0, type: "std") })], blocked: [SeatID("A3")])
        let blocks = SeatBlocks(layout: layout) { $0 != SeatID("A3") }
        #expect(blocks.blocks.map(\.seats) == [[SeatID("A1"), SeatID("A2")], [SeatID("A4"), SeatID("A5")]])
        #expect(pick(3, layout: layout)?.count == 3)
    }

    // MARK: - The property: over random maps, the pick is as good as the best of every possible choice.

    static let seeds: [UInt64] = Array(1...400)

    @Test(arguments: seeds)
    func noPickStrandsOrSplitsWhenABetterChoiceOfTheSameQualityExists(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let twoTypes = Bool.random(using: &random)
        let rows = (0..<Int.random(in: 1...3, using: &random)).map { r in
            SeatRow(label: String(UnicodeScalar(UInt8(65 + r))), places: (1...Int.random(in: 2...7, using: &random)).map { n in
                Int.random(in: 0..<8, using: &random) == 0 ? .gap : .seat(number: n, type: twoTypes && Bool.random(using: &random) ? "vip" : "std")
            })
        }
        let layout = SeatLayout(rows: rows)
        guard !layout.sellableSeats.isEmpty else { return }
        let types = layout.sellableSeats
        let taken = Set(types.keys.filter { _ in Int.random(in: 0..<5, using: &random) < 2 })
        let free: (SeatID) -> Bool = { types[$0] != nil && !taken.contains($0) }
        let count = Int.random(in: 1...4, using: &random)
        let type: String? = twoTypes && Bool.random(using: &random) ? "vip" : nil
        let blocks = SeatBlocks(layout: layout) { types[$0] != nil }
        let pick = BestSeats.pick(count, type: type, in: blocks, types: types, free: free).map(Set.init)

        let candidates = types.keys.filter { free($0) && (type == nil || types[$0] == type) }.sorted()
        let choices = Self.subsets(of: candidates, size: count).map { seats in
            (seats: seats, together: blocks.pieces(of: seats) == 1, strands: blocks.strands(seats, free: free), pieces: blocks.pieces(of: seats),
             score: blocks.score(of: seats))
        }
        guard let pick else {
            #expect(choices.isEmpty, "seed \(seed): no pick although \(choices.count) choices exist")
            return
        }
        #expect(pick.count == count && pick.allSatisfy { free($0) && (type == nil || types[$0] == type) }, "seed \(seed)")
        let together = blocks.pieces(of: pick) == 1
        let strands = blocks.strands(pick, free: free)
        if choices.contains(where: \.together) { #expect(together, "seed \(seed): apart although seats side by side were free") }
        let sameKind = choices.filter { $0.together == together }
        if !strands || together || type == nil {
            // Apart, with a seat type asked for, two groups can strand a seat of another type between them that each
            // alone does not (BestSeats' note): then only the count and validity are checked.
            #expect(!(strands && sameKind.contains { !$0.strands }), "seed \(seed): strands although a choice that does not exists")
        }
        let rivals = sameKind.filter { $0.strands == strands }
        if together {
            #expect(rivals.allSatisfy { blocks.score(of: pick) <= $0.score }, "seed \(seed): a better-scored run exists")
        } else if type == nil {
            let fewest = rivals.map(\.pieces).min() ?? 0
            #expect(blocks.pieces(of: pick) == fewest, "seed \(seed): more groups than needed")
            #expect(rivals.filter { $0.pieces == fewest }.allSatisfy { blocks.score(of: pick) <= $0.score }, "seed \(seed): a better-scored split exists")
        }
    }

    static func subsets(of seats: [SeatID], size: Int) -> [Set<SeatID>] {
        guard size > 0 else { return [[]] }
        guard seats.count >= size else { return [] }
        var result: [Set<SeatID>] = []
        for (index, seat) in seats.enumerated() {
            for rest in subsets(of: Array(seats[(index + 1)...]), size: size - 1) { result.append(rest.union([seat])) }
        }
        return result
    }
}
