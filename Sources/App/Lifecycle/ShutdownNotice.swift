public import Foundation
import Synchronization

/// "Shutdown has begun", for what must stop at once rather than in its turn: Hummingbird shuts its services down one
/// after another, the HTTP server first, so without this the scheduler would keep firing timers for as long as the
/// server waits for its last connections.
public final class ShutdownNotice: Sendable {
    private struct State {
        var begun = false
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
        /// Waits cancelled before their continuation was registered.
        var cancelled: Set<UUID> = []
    }

    private let state = Mutex(State())

    public init() {}

    public var hasBegun: Bool { state.withLock { $0.begun } }

    /// Shutdown begins: every waiter returns, and every later wait returns at once.
    public func begin() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.begun = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once shutdown has begun, or when the task is cancelled.
    public func wait() async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.begun || state.cancelled.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.waiters.removeValue(forKey: id) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return waiter
            }
            waiter?.resume()
        }
    }

    /// Runs `operation` until it ends or shutdown begins, whichever is first (then it is cancelled).
    public func cancelling(when operation: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await operation() }
            group.addTask { await self.wait() }
            try await group.next()
            group.cancelAll()
        }
    }
}
