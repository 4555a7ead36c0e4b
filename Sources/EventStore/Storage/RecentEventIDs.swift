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
/// Shape, chosen from profiles of the writer: two generations of open-addressing tables (linear probing at
/// most half full) holding a 64-bit fingerprint of the id and its position. When the young table has taken
/// `capacity / 2` ids it becomes the old one and the former old table is wiped, so nothing is ever deleted one
/// by one, and the most recent `capacity / 2` to `capacity` ids are always present. A fingerprint match is only
/// a candidate: the caller confirms it against the record's stored id.
final class RecentEventIDs: @unchecked Sendable {
    private struct Slot {
        var fingerprint: UInt64
        /// 0 marks an empty slot (positions start at 1).
        var position: UInt64
    }

    /// How many ids are remembered at most; at least half as many are always remembered.
    let capacity: Int
    private let generationSize: Int
    private let mask: Int
    private var young: UnsafeMutableBufferPointer<Slot>
    private var old: UnsafeMutableBufferPointer<Slot>
    private var youngCount = 0

    init(capacity: Int) {
        self.capacity = max(2, capacity)
        generationSize = self.capacity / 2
        var size = 16
        while size < generationSize * 2 { size <<= 1 }
        mask = size - 1
        young = .allocate(capacity: size)
        old = .allocate(capacity: size)
        young.initialize(repeating: Slot(fingerprint: 0, position: 0))
        old.initialize(repeating: Slot(fingerprint: 0, position: 0))
    }

    deinit {
        young.deallocate()
        old.deallocate()
    }

    /// The position recorded for an id with the same fingerprint as `id`, if any: confirm it against the log.
    func candidatePosition(of id: UUID) -> UInt64? {
        let fingerprint = Self.fingerprint(id)
        return Self.find(fingerprint, in: young, mask: mask) ?? Self.find(fingerprint, in: old, mask: mask)
    }

    /// Remembers `id` at `position`. Called in log order.
    func remember(_ id: UUID, at position: UInt64) {
        if youngCount == generationSize {
            swap(&young, &old)
            young.update(repeating: Slot(fingerprint: 0, position: 0))
            youngCount = 0
        }
        let fingerprint = Self.fingerprint(id)
        var index = Int(truncatingIfNeeded: fingerprint >> 20) & mask
        while young[index].position != 0 && young[index].fingerprint != fingerprint {
            index = (index + 1) & mask
        }
        if young[index].position == 0 { youngCount += 1 }
        young[index] = Slot(fingerprint: fingerprint, position: position)
    }

    /// Forgets every id.
    func removeAll() {
        young.update(repeating: Slot(fingerprint: 0, position: 0))
        old.update(repeating: Slot(fingerprint: 0, position: 0))
        youngCount = 0
    }

    private static func find(_ fingerprint: UInt64, in table: UnsafeMutableBufferPointer<Slot>, mask: Int) -> UInt64? {
        var index = Int(truncatingIfNeeded: fingerprint >> 20) & mask
        while table[index].position != 0 {
            if table[index].fingerprint == fingerprint { return table[index].position }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Mixes both halves (Fibonacci hashing), so ids that are not random, such as time-ordered ones, still spread.
    private static func fingerprint(_ id: UUID) -> UInt64 {
        let (high, low) = withUnsafeBytes(of: id.uuid) {
            ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        return (high &* 0x9E37_79B9_7F4A_7C15) ^ (low &* 0xC2B2_AE3D_27D4_EB4F) ^ (low >> 29)
    }
}
