import Synchronization

/// Open WebSocket connections per client address, at most `limit` each (0: no limit). An address with none open
/// keeps no entry, so what this holds is bounded by the connections themselves.
final class WebSocketConnections: Sendable {
    let limit: Int
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = limit }

    /// Counts a connection in, or refuses it when the address is at its limit.
    func enter(_ address: String) -> Bool {
        open.withLock { open in
            let current = open[address] ?? 0
            guard limit <= 0 || current < limit else { return false }
            open[address] = current + 1
            return true
        }
    }

    func leave(_ address: String) {
        open.withLock { open in
            guard let current = open[address] else { return }
            open[address] = current > 1 ? current - 1 : nil
        }
    }
}
