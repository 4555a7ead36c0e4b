import Synchronization

/// One WebSocket connection as the rooms see it: a bounded queue of frames its writer drains. A client whose queue
/// fills (it stopped reading, or reads slower than its room changes) is dropped rather than allowed to hold the
/// room back or grow the server's memory.
final class LiveClient: Sendable {
    let id: UInt64
    let frames: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation
    private let dropped = Atomic<Bool>(false)

    init(id: UInt64, queueLimit: Int) {
        self.id = id
        (frames, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(queueLimit))
    }

    /// Queues a frame; `false` once the client is gone or was dropped for falling behind.
    @discardableResult
    func send(_ text: String) -> Bool {
        switch continuation.yield(text) {
        case .enqueued: return true
        case .dropped:
            dropped.store(true, ordering: .relaxed)
            continuation.finish()
            return false
        case .terminated: return false
        @unknown default: return false
        }
    }

    /// Whether the client was dropped for falling behind (its writer then closes the socket saying so).
    var wasDropped: Bool { dropped.load(ordering: .relaxed) }

    /// Ends the frame queue (the connection closed).
    func finish() { continuation.finish() }
}
