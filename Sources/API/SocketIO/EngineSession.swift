import Synchronization

/// One Engine.IO session: the packets waiting for the client, whichever transport carries them, and the state of
/// its transport (long-polling, upgrading to WebSocket, WebSocket).
///
/// At most one consumer waits for packets at a time: a long-polling `GET`, or the WebSocket's writer once the
/// upgrade is done. Packets are queued in order and handed over in batches, so nothing is reordered or lost by a
/// change of transport.
final class EngineSession: Sendable {
    enum Transport: Equatable {
        case polling
        /// The WebSocket answered the probe; polling is paused until the client's `upgrade` packet.
        case upgrading
        case webSocket
    }

    /// What a long-polling `GET` gets.
    enum Poll: Equatable {
        case packets([EnginePacket])
        /// The session is closed, unknown or no longer polling: 400.
        case gone
        /// A second `GET` while one waits: 400, and the session is closed (the protocol's rule for ordering).
        case duplicate
    }

    let id: String
    /// The largest body or frame the client may send, in bytes (the handshake's `maxPayload`).
    let maxPayload: Int
    /// Packets that may wait for a client that does not collect them; one more closes the session.
    let queueLimit: Int

    /// What a waiting consumer is handed.
    private enum Handed {
        case packets([EnginePacket])
        case closed
        case duplicate
    }

    private struct State {
        var queue: [EnginePacket] = []
        var waiter: CheckedContinuation<Handed, Never>?
        var transport: Transport
        var webSocketAttached = false
        var closed = false
        var awaitingPong = false
        var closeHandlers: [@Sendable () -> Void] = []
    }
    private let state: Mutex<State>

    init(id: String, transport: Transport, maxPayload: Int, queueLimit: Int = 1024) {
        self.id = id
        self.maxPayload = maxPayload
        self.queueLimit = queueLimit
        state = Mutex(State(transport: transport, webSocketAttached: transport == .webSocket))
    }

    var isClosed: Bool { state.withLock { $0.closed } }
    var transport: Transport { state.withLock { $0.transport } }

    /// Queues a packet for the client; nothing once the session is closed. A client that lets `queueLimit`
    /// packets wait is too slow, and its session closes rather than grow the server's memory.
    func send(_ packet: EnginePacket) {
        var overflow = false
        let handOver: (CheckedContinuation<Handed, Never>, [EnginePacket])? = state.withLock { state in
            guard !state.closed else { return nil }
            guard state.queue.count < queueLimit else {
                overflow = true
                return nil
            }
            state.queue.append(packet)
            guard let waiter = state.waiter else { return nil }
            defer { state.waiter = nil; state.queue.removeAll() }
            return (waiter, state.queue)
        }
        handOver.map { $0.0.resume(returning: .packets($0.1)) }
        if overflow { close() }
    }

    /// A long-polling `GET`: what is queued, or the next packets once there are some.
    func poll() async -> Poll {
        switch await take(polling: true) {
        case .packets(let packets): .packets(packets)
        case .closed: .gone
        case .duplicate: .duplicate
        }
    }

    /// The WebSocket writer's next batch; `nil` once the session is closed and everything queued was handed over.
    func nextForWebSocket() async -> [EnginePacket]? {
        guard case .packets(let packets) = await take(polling: false) else { return nil }
        return packets
    }

    /// What is queued, else a wait for it, registered under the same lock that checks for another waiter: two
    /// polls racing cannot both wait.
    private func take(polling: Bool) async -> Handed {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Handed, Never>) in
                enum Step {
                    case now(Handed)
                    case duplicate(CheckedContinuation<Handed, Never>)
                    case wait
                }
                let step: Step = state.withLock { state in
                    if polling, state.closed || state.transport != .polling { return .now(.closed) }
                    if !state.queue.isEmpty {
                        defer { state.queue.removeAll() }
                        return .now(.packets(state.queue))
                    }
                    if state.closed || Task.isCancelled { return .now(.closed) }
                    if let pending = state.waiter {
                        state.waiter = nil
                        return .duplicate(pending)
                    }
                    state.waiter = continuation
                    return .wait
                }
                switch step {
                case .now(let handed): continuation.resume(returning: handed)
                case .duplicate(let pending):
                    // The protocol's rule for ordering: the waiting poll gets `close`, this one a 400, and the session ends.
                    pending.resume(returning: .packets([.close]))
                    close()
                    continuation.resume(returning: .duplicate)
                case .wait: break
                }
            }
        } onCancel: {
            // The client went away mid-poll: what is queued later stays for its next request.
            let waiter = state.withLock { state in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: .packets([]))
        }
    }

    /// A WebSocket with this session's id: `false` when one is attached already or the session is gone (the
    /// protocol allows one per session).
    func attachWebSocket() -> Bool {
        state.withLock { state in
            guard !state.closed, !state.webSocketAttached else { return false }
            state.webSocketAttached = true
            return true
        }
    }

    /// The WebSocket of an upgrade went away before the client's `upgrade` packet: the session goes on polling, as
    /// the protocol's reference server keeps it (a proxy that breaks WebSockets must not end the session). `false`
    /// when the upgrade was done (then the session ends with its WebSocket).
    func webSocketLeftBeforeUpgrade() -> Bool {
        state.withLock { state in
            guard state.transport != .webSocket else { return false }
            state.transport = .polling
            state.webSocketAttached = false
            return true
        }
    }

    /// The WebSocket answered the client's probe: a waiting poll ends with a `noop`, and polling pauses.
    func probed() {
        let waiter: CheckedContinuation<Handed, Never>? = state.withLock { state in
            guard state.transport == .polling else { return nil }
            state.transport = .upgrading
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: .packets([.noop]))
    }

    /// The client's `upgrade` packet: the WebSocket carries everything from now on. `false` if no probe came first.
    func upgraded() -> Bool {
        state.withLock { state in
            guard state.transport == .upgrading else { return false }
            state.transport = .webSocket
            return true
        }
    }

    /// The heartbeat sent a ping; `pong()` clears it.
    func pinged() { state.withLock { $0.awaitingPong = true } }
    func pong() { state.withLock { $0.awaitingPong = false } }
    var awaitingPong: Bool { state.withLock { $0.awaitingPong } }

    /// Runs `handler` once when the session closes (at once if it is closed already).
    func onClose(_ handler: @escaping @Sendable () -> Void) {
        let closedAlready = state.withLock { state in
            if !state.closed { state.closeHandlers.append(handler) }
            return state.closed
        }
        if closedAlready { handler() }
    }

    /// Ends the session: its consumer gets what is still queued and then `last` (the client's own `close` is
    /// answered with a `noop`, the server's is a `close`); later polls get 400. Safe to call more than once.
    func close(last: EnginePacket = .close) {
        let (waiter, batch, handlers): (CheckedContinuation<Handed, Never>?, [EnginePacket], [@Sendable () -> Void]) =
            state.withLock { state in
                guard !state.closed else { return (nil, [], []) }
                state.closed = true
                state.queue.append(last)
                defer { state.closeHandlers.removeAll() }
                guard let waiter = state.waiter else { return (nil, [], state.closeHandlers) }
                defer { state.waiter = nil; state.queue.removeAll() }
                return (waiter, state.queue, state.closeHandlers)
            }
        waiter?.resume(returning: .packets(batch))
        for handler in handlers { handler() }
    }
}
