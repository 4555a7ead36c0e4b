import Foundation

/// The ids of the most recently appended events and their positions, so that a client's retry is recognised
/// and answered with the original positions.
///
/// Why in memory and not an LMDB index: event ids are random, so every insert into an on-disk B-tree dirties a
/// random 4 KiB page, and with copy-on-write commits a batch of 1000 appends would write ~4 MB instead of
/// ~340 KB (measured: it capped group commit at 0.06x raw LMDB). Retries arrive seconds after the original, so
/// a window of recent ids serves them; the window is refilled from the log's tail when the log opens.
/// An id older than the window is not recognised: a retry that old with `.exact` conflicts, with `.any` it
/// would append again.
///
/// An open-addressing table (linear probing, backward-shift deletion) rather than a `Dictionary`: the writer
/// consults it for every event, and `Hasher` over a UUID was a visible share of the writer's time.
final class RecentEventIDs: @unchecked Sendable {
    private struct Slot {
        var high: UInt64
        var low: UInt64
        /// 0 marks an empty slot (positions start at 1).
        var position: UInt64
    }

    /// How many ids are remembered.
    let capacity: Int
    private var slots: [Slot]
    private let mask: Int
    private var order: [(high: UInt64, low: UInt64)] = []
    private var oldest = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        var size = 16
        while size < self.capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(high: 0, low: 0, position: 0), count: size)
        mask = size - 1
        order.reserveCapacity(min(self.capacity, 1 << 20))
    }

    /// How many ids are remembered now.
    var count: Int { order.count }

    /// Forgets every id.
    func removeAll() {
        for index in slots.indices { slots[index].position = 0 }
        order.removeAll(keepingCapacity: true)
        oldest = 0
    }

    /// The position of `id`, if it is within the window.
    func position(of id: UUID) -> UInt64? {
        let (high, low) = Self.words(id)
        var index = home(high, low)
        while slots[index].position != 0 {
            if slots[index].high == high && slots[index].low == low { return slots[index].position }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Remembers `id` at `position`, forgetting the oldest id when full. Called in log order.
    func remember(_ id: UUID, at position: UInt64) {
        let (high, low) = Self.words(id)
        if order.count < capacity {
            order.append((high, low))
        } else {
            remove(order[oldest])
            order[oldest] = (high, low)
            oldest = (oldest + 1) % capacity
        }
        var index = home(high, low)
        while slots[index].position != 0 {
            if slots[index].high == high && slots[index].low == low { break }
            index = (index + 1) & mask
        }
        slots[index] = Slot(high: high, low: low, position: position)
    }

    private func remove(_ key: (high: UInt64, low: UInt64)) {
        var index = home(key.high, key.low)
        while slots[index].position != 0 {
            if slots[index].high == key.high && slots[index].low == key.low { break }
            index = (index + 1) & mask
        }
        guard slots[index].position != 0 else { return }
        // Backward-shift deletion: pull later members of the probe run into the hole so lookups stay correct.
        var hole = index
        var next = (hole + 1) & mask
        while slots[next].position != 0 {
            let wanted = home(slots[next].high, slots[next].low)
            let distanceToNext = (next - wanted) & mask
            let distanceToHole = (hole - wanted) & mask
            if distanceToHole <= distanceToNext {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole].position = 0
    }

    /// Fibonacci hashing of both halves, so ids that are not random (time-ordered ones) still spread.
    private func home(_ high: UInt64, _ low: UInt64) -> Int {
        Int(truncatingIfNeeded: ((high ^ low) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    private static func words(_ id: UUID) -> (UInt64, UInt64) {
        withUnsafeBytes(of: id.uuid) { ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }
}
