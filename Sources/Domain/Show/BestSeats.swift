/// Best-available seats: which `count` free seats (of one seat type, if asked) a customer gets who does not pick
/// them by hand. The rule, in order:
/// 1. Together: seats side by side in one block of a row, if any such run is free.
/// 2. Leaving no single seat stranded between taken ones (`SeatBlocks.strands`) when another choice exists.
/// 3. Apart, only when no run is free: in as few groups as possible.
/// 4. The lowest score (`SeatBlocks`: nearest the best row and the centre); a tie goes to the front row, then the left.
///
/// Pure: the same seats, layout and holds always give the same pick, so a decision replays exactly.
public enum BestSeats {
    /// The pick, or `nil` when fewer than `count` seats of the kind are free.
    public static func pick(_ count: Int, type: String?, in blocks: SeatBlocks, types: [SeatID: String],
                            free: (SeatID) -> Bool) -> [SeatID]? {
        guard count > 0 else { return nil }
        var windows: [[Window]] = []
        for (b, block) in blocks.blocks.enumerated() {
            let map = BlockMap(block, type: type, types: types, free: free)
            windows.append(map.runs.flatMap { run in (1...min(run.count, count)).compactMap { map.bestWindow(of: $0, in: run, block: b) } })
        }
        let together = windows.joined().filter { $0.seats.count == count }.min()
        if let together { return together.seats }
        return apart(count, windows.joined().sorted())
    }

    /// The fewest groups, one per free run, that add up to `count` (the best window of each length in each run is
    /// enough: taking two windows of one run is never fewer groups than one longer window of it).
    private static func apart(_ count: Int, _ windows: [Window]) -> [SeatID]? {
        // best[k]: the best way found to take k seats from the runs seen so far.
        var best: [Choice?] = Array(repeating: nil, count: count + 1)
        best[0] = Choice(strands: false, pieces: 0, score: 0, windows: [])
        let byRun = Dictionary(grouping: windows, by: \.run)
        for run in byRun.keys.sorted() {
            let options = byRun[run] ?? []
            var next = best
            for taken in 0..<count {
                guard let before = best[taken] else { continue }
                for window in options where taken + window.seats.count <= count {
                    let choice = before.adding(window)
                    if next[taken + window.seats.count].map({ choice < $0 }) ?? true { next[taken + window.seats.count] = choice }
                }
            }
            best = next
        }
        return best[count]?.windows.flatMap(\.seats)
    }

    /// Seats side by side in one free run, as a candidate.
    struct Window: Comparable {
        let strands: Bool
        let score: Int
        /// Which run it is in: the tie-break, front and left first.
        let run: Run
        let start: Int
        let seats: [SeatID]

        static func < (a: Window, b: Window) -> Bool {
            (a.strands ? 1 : 0, a.score, a.run, a.start) < (b.strands ? 1 : 0, b.score, b.run, b.start)
        }
        static func == (a: Window, b: Window) -> Bool { a.run == b.run && a.start == b.start && a.seats == b.seats }
    }

    /// A free run: its block, and the index of its first seat there.
    struct Run: Hashable, Comparable {
        let block: Int
        let first: Int

        static func < (a: Run, b: Run) -> Bool { (a.block, a.first) < (b.block, b.first) }
    }

    /// Windows taken together from different runs.
    private struct Choice {
        let strands: Bool
        let pieces: Int
        let score: Int
        let windows: [Window]

        func adding(_ window: Window) -> Choice {
            Choice(strands: strands || window.strands, pieces: pieces + 1, score: score + window.score, windows: windows + [window])
        }

        static func < (a: Choice, b: Choice) -> Bool {
            (a.strands ? 1 : 0, a.pieces, a.score) < (b.strands ? 1 : 0, b.pieces, b.score)
        }
    }

    /// One block's free seats: which are free at all (any type: they are what a pick can strand) and which of them
    /// the request can take.
    private struct BlockMap {
        let block: SeatBlocks.Block
        let free: [Bool]
        /// Runs of seats the request can take, as index ranges.
        let runs: [Range<Int>]
        /// Sums of the scores before each index.
        let sums: [Int]

        init(_ block: SeatBlocks.Block, type: String?, types: [SeatID: String], free isFree: (SeatID) -> Bool) {
            self.block = block
            free = block.seats.map(isFree)
            var runs: [Range<Int>] = []
            var start: Int?
            for index in 0...block.seats.count {
                let fits = index < block.seats.count && free[index] && (type == nil || types[block.seats[index]] == type)
                if fits, start == nil { start = index }
                if !fits, let first = start {
                    runs.append(first..<index)
                    start = nil
                }
            }
            self.runs = runs
            sums = block.scores.reduce(into: [0]) { $0.append($0.last! + $1) }
        }

        /// The best window of `length` seats in `run`: one that strands nothing if there is one, then the lowest score.
        func bestWindow(of length: Int, in run: Range<Int>, block number: Int) -> Window? {
            var best: Window?
            for start in run.lowerBound...(run.upperBound - length) {
                let end = start + length
                let window = Window(strands: freeRun(before: start) == 1 || freeRun(from: end) == 1, score: sums[end] - sums[start],
                                    run: Run(block: number, first: run.lowerBound), start: start, seats: Array(block.seats[start..<end]))
                if best.map({ window < $0 }) ?? true { best = window }
            }
            return best
        }

        /// How many free seats lie side by side just before `index`.
        private func freeRun(before index: Int) -> Int {
            var count = 0
            while index - count - 1 >= 0, free[index - count - 1] { count += 1 }
            return count
        }

        /// How many free seats lie side by side from `index` on.
        private func freeRun(from index: Int) -> Int {
            var count = 0
            while index + count < free.count, free[index + count] { count += 1 }
            return count
        }
    }
}
