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
final class RecentEventIDs: @unchecked Sendable {
    /// How many ids are remembered.
    let capacity: Int
    private var positions: [UUID: UInt64]
    private var ring: [UUID]
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        positions = Dictionary(minimumCapacity: min(self.capacity, 1 << 20))
        ring = []
        ring.reserveCapacity(min(self.capacity, 1 << 20))
    }

    /// The position of `id`, if it is within the window.
    func position(of id: UUID) -> UInt64? { positions[id] }

    /// Remembers `id` at `position`, forgetting the oldest id when full. Called in log order.
    func remember(_ id: UUID, at position: UInt64) {
        if ring.count < capacity {
            ring.append(id)
        } else {
            positions.removeValue(forKey: ring[next])
            ring[next] = id
            next = (next + 1) % capacity
        }
        positions[id] = position
    }

    /// How many ids are remembered now.
    var count: Int { positions.count }
}
