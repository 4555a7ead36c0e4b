/// Latencies collected during a benchmark, with percentiles.
struct LatencySample {
    private(set) var nanoseconds: [Int64] = []

    mutating func add(_ duration: Duration) {
        nanoseconds.append(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    mutating func merge(_ other: LatencySample) { nanoseconds += other.nanoseconds }

    /// The p-th percentile in milliseconds (p in 0...100).
    func percentile(_ p: Double) -> Double {
        guard !nanoseconds.isEmpty else { return 0 }
        let sorted = nanoseconds.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count) * p / 100).rounded(.up)) - 1)
        return Double(sorted[max(0, index)]) / 1_000_000
    }
}
