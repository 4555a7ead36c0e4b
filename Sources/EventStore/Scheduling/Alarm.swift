import Synchronization

/// Wakes one waiting task when rung, or when its timeout passes; a ring with nobody waiting is kept for the next wait.
public final class Alarm: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes the waiter, or the next one to wait.
    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when rung, after `timeout` (if any), or when the task is cancelled.
    public func wait(timeout: Duration?) async {
        let timer = timeout.map { timeout in
            Task { [self] in
                try await Task.sleep(for: timeout)
                ring()
            }
        }
        defer { timer?.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ringNow = state.withLock { state -> Bool in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if ringNow { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
    }
}
