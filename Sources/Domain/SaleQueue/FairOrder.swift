/// The order a queue's early arrivals are admitted in: a Fisher–Yates shuffle of them in arrival order, driven by
/// xoshiro256** seeded with the queue's revealed seed, written out so that an auditor in any language can draw it
/// again from the log alone:
/// - the generator's four 64-bit words: the seed's 32 bytes read as four little-endian `UInt64`s `w0…w3`, and word
///   `i` is `mix(w_i + (i + 1) · 0x9E3779B97F4A7C15)` (wrapping), where `mix` is SplitMix64's finaliser (`z ^= z >> 30;
///   z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`): a bijection per word, so no
///   entropy of the seed is lost, and seeds that differ in one byte start far apart (xoshiro's first outputs depend
///   on one word alone); should all four be zero, the first is 1; then the first 8 outputs are drawn and dropped,
///   so that every word of the seed has reached every word of the state before the first swap;
/// - for `i` from `count - 1` down to 1, `j` is drawn uniformly from `0...i` by rejection (take `next() % (i + 1)`
///   unless `next()` is below `2^64 mod (i + 1)`, when it draws again), and places `i` and `j` swap.
public enum FairOrder {
    public static func draw<T>(_ items: [T], seed: [UInt8]) -> [T] {
        var items = items
        guard items.count > 1 else { return items }
        var random = Xoshiro256(seed: seed)
        for i in stride(from: items.count - 1, through: 1, by: -1) {
            items.swapAt(i, Int(random.uniform(below: UInt64(i + 1))))
        }
        return items
    }
}

/// xoshiro256** (Blackman and Vigna), the generator `FairOrder` is specified with.
struct Xoshiro256 {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    init(seed: [UInt8]) {
        var words: [UInt64] = [0, 0, 0, 0]
        for (index, byte) in seed.prefix(32).enumerated() { words[index / 8] |= UInt64(byte) << (8 * UInt64(index % 8)) }
        for index in 0..<4 {
            var z = words[index] &+ UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            words[index] = z ^ (z >> 31)
        }
        if words.allSatisfy({ $0 == 0 }) { words[0] = 1 }
        s = (words[0], words[1], words[2], words[3])
        for _ in 0..<8 { _ = next() }
    }

    mutating func next() -> UInt64 {
        let result = rotate(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotate(s.3, 45)
        return result
    }

    /// Uniform in `0..<bound` (`bound` > 0), by drawing again below `2^64 mod bound`.
    mutating func uniform(below bound: UInt64) -> UInt64 {
        let threshold = (0 &- bound) % bound  // 2^64 mod bound
        while true {
            let value = next()
            if value >= threshold { return value % bound }
        }
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
