/// A room's recent messages, oldest first, at most `limit`, for clients that reconnect and say the last position
/// they saw.
struct RoomHistory {
    private var frames: [RoomMessageFrame] = []
    private var start = 0
    /// The position of the newest message dropped: a client that last saw an older position cannot be caught up
    /// from memory.
    private(set) var forgottenThrough: UInt64 = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// The remembered messages after `position`, or `nil` when some of them were already forgotten.
    func messages(after position: UInt64) -> [RoomMessageFrame]? {
        guard position >= forgottenThrough else { return nil }
        return frames[start...].filter { $0.position > position }
    }

    /// Forgets every message through `position`: a client that last saw an older one is caught up from the
    /// projection instead (after an erasure, whose messages memory holds as they were).
    mutating func forget(through position: UInt64) {
        frames.removeAll()
        start = 0
        forgottenThrough = max(forgottenThrough, position)
    }

    mutating func remember(_ frame: RoomMessageFrame) {
        frames.append(frame)
        if frames.count - start > limit {
            forgottenThrough = frames[start].position
            start += 1
            // Compact now and then rather than shifting the array on every message.
            if start > limit {
                frames.removeFirst(start)
                start = 0
            }
        }
    }
}
