import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// A frame the server pushed on `/ws`, decoded loosely: tests assert on the fields each type carries.
struct RoomFrame: Decodable, Equatable {
    struct TicketCount: Decodable, Equatable { var type: String; var count: Int }
    var type: String
    var eventId: String?
    var position: UInt64?
    var seats: [String]?
    var locked: [TicketCount]?
    var ticketType: String?
    var count: Int?
    var reason: String?
    var code: String?
    var message: String?
    // A chat room's frames.
    var number: Int?
    var name: String?
    var role: String?
    var text: String?
    var customerId: String?
}

/// A test's side of a WebSocket to `/ws`: send JSON text, await the next frame (bounded, so a missing frame fails
/// the test instead of hanging it). Frames are read by a task of their own into an inbox: a wait that times out
/// must not cancel a read of the socket, since a cancelled read ends the socket's inbound stream (every later frame
/// would read as closed).
final class RoomSocket: Sendable {
    private let outbound: WebSocketOutboundWriter
    private let inbox = Inbox()

    init(outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
    }

    /// Reads text frames into the inbox until the socket closes.
    func receive(_ inbound: WebSocketInboundMessageStream) async {
        var messages = inbound.makeAsyncIterator()
        do {
            while let message = try await messages.next() {
                if case .text(let text) = message { inbox.put(text) }
            }
        } catch {}
        inbox.close()
    }

    func send(_ json: String) async throws { try await outbound.write(.text(json)) }

    func join(_ show: String, after: UInt64? = nil) async throws -> RoomFrame {
        try await send(after.map { #"{"type":"join","eventId":"\#(show)","after":\#($0)}"# } ?? #"{"type":"join","eventId":"\#(show)"}"#)
        return try await next()
    }

    /// The next frame, or a thrown timeout after `limit`.
    func next(within limit: Duration = .seconds(10)) async throws -> RoomFrame {
        try JSONDecoder().decode(RoomFrame.self, from: Data(try await nextText(within: limit).utf8))
    }

    /// The next frame's text as sent (Engine.IO's packets are not JSON).
    func nextText(within limit: Duration = .seconds(10)) async throws -> String {
        guard let text = try await inbox.take(within: limit) else { throw RoomSocketClosed() }
        return text
    }
}

/// Frames received and not taken yet, and at most one test waiting for the next.
private final class Inbox: Sendable {
    private struct State {
        var texts: [String] = []
        var closed = false
        var waiter: (id: Int, continuation: CheckedContinuation<Result<String?, RoomSocketTimeout>, Never>)?
        var waits = 0
    }

    private let state = Mutex(State())

    func put(_ text: String) {
        let waiter = state.withLock { state -> CheckedContinuation<Result<String?, RoomSocketTimeout>, Never>? in
            guard let waiter = state.waiter else {
                state.texts.append(text)
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: .success(text))
    }

    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Result<String?, RoomSocketTimeout>, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume(returning: .success(nil))
    }

    /// The next text (`nil`: the socket closed), or a thrown timeout after `limit`.
    func take(within limit: Duration) async throws -> String? {
        let timer = Mutex<Task<Void, Never>?>(nil)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<String?, RoomSocketTimeout>, Never>) in
            let (now, id) = state.withLock { state -> (Result<String?, RoomSocketTimeout>?, Int) in
                if !state.texts.isEmpty { return (.success(state.texts.removeFirst()), 0) }
                if state.closed { return (.success(nil), 0) }
                state.waits += 1
                state.waiter = (state.waits, continuation)
                return (nil, state.waits)
            }
            if let now {
                continuation.resume(returning: now)
                return
            }
            timer.withLock {
                $0 = Task { [self] in
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    let expired = self.state.withLock { state -> CheckedContinuation<Result<String?, RoomSocketTimeout>, Never>? in
                        guard let waiter = state.waiter, waiter.id == id else { return nil }
                        state.waiter = nil
                        return waiter.continuation
                    }
                    expired?.resume(returning: .failure(RoomSocketTimeout()))
                }
            }
        }
        timer.withLock { $0 }?.cancel()
        return try result.get()
    }
}

struct RoomSocketTimeout: Error {}
struct RoomSocketClosed: Error {}

/// Opens a WebSocket to `/ws` on `port` and runs `body` with it; the socket closes when `body` returns.
func withRoomSocket(port: Int, path: String = "/ws", _ body: @escaping @Sendable (RoomSocket) async throws -> Void) async throws {
    _ = try await withRoomSocketValue(port: port, path: path, body)
}

/// The same, handing back what `body` returns.
///
/// The connection's own task reads the socket while `body` runs in a child task; when `body` ends, the test sends
/// the close frame and the read ends with the server's answer. Cancelling the read instead would leave the client's
/// close handshake reading a cancelled stream, which throws `CancellationError` out of `connect` even though the
/// test passed (a CI failure of the end-to-end test, seen once in 545).
func withRoomSocketValue<T: Sendable>(
    port: Int, path: String = "/ws", _ body: @escaping @Sendable (RoomSocket) async throws -> T
) async throws -> T {
    let outcome = Mutex<Result<T, any Error>?>(nil)
    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)\(path)", logger: Logger(label: "test-ws")) { inbound, outbound, _ in
        let socket = RoomSocket(outbound: outbound)
        let messages = inbound.messages(maxSize: 1 << 20)
        let result = await withTaskGroup(of: Result<T, any Error>.self) { group in
            group.addTask {
                let result: Result<T, any Error>
                do { result = .success(try await body(socket)) } catch { result = .failure(error) }
                do {
                    try await outbound.close(.normalClosure, reason: nil)
                } catch {
                    // The server closed first (the socket's end is what `body` saw): nothing left to close.
                }
                return result
            }
            await socket.receive(messages)
            return await group.next() ?? .failure(RoomSocketClosed())
        }
        outcome.withLock { $0 = result }
    }
    guard let result = outcome.withLock({ $0 }) else { throw RoomSocketClosed() }
    return try result.get()
}
