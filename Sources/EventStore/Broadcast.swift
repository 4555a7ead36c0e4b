import Synchronization

/// Latest-value notifications ("the head is now N"): wake listeners after each commit, never polled.
/// Each listener keeps only the newest value, so a slow listener skips stale ones instead of queueing them.
package final class Broadcast<Value: Sendable>: Sendable {
    private struct State {
        var current: Value
        var nextID = 0
        var listeners: [Int: AsyncStream<Value>.Continuation] = [:]
    }

    private let state: Mutex<State>

    package init(_ initial: Value) { state = Mutex(State(current: initial)) }

    /// The latest value.
    package var current: Value { state.withLock { $0.current } }

    /// Announces a new value to every listener.
    package func publish(_ value: Value) {
        let listeners = state.withLock { state -> [AsyncStream<Value>.Continuation] in
            state.current = value
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.yield(value) }
    }

    /// A stream of values, starting with the current one; registered before it returns, so nothing is missed.
    package func values() -> AsyncStream<Value> {
        let (stream, continuation) = AsyncStream<Value>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state -> Int in
            let id = state.nextID
            state.nextID += 1
            state.listeners[id] = continuation
            continuation.yield(state.current)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// Ends every listener's stream (the log is closing).
    package func finish() {
        let listeners = state.withLock { state -> [AsyncStream<Value>.Continuation] in
            defer { state.listeners = [:] }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}
