import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
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
}

/// A test's side of a WebSocket to `/ws`: send JSON text, await the next frame (bounded, so a missing frame fails
/// the test instead of hanging it).
final class RoomSocket: @unchecked Sendable {
    private let outbound: WebSocketOutboundWriter
    private var inbound: WebSocketInboundMessageStream.AsyncIterator

    init(outbound: WebSocketOutboundWriter, inbound: WebSocketInboundMessageStream.AsyncIterator) {
        self.outbound = outbound
        self.inbound = inbound
    }

    func send(_ json: String) async throws { try await outbound.write(.text(json)) }

    func join(_ show: String, after: UInt64? = nil) async throws -> RoomFrame {
        try await send(after.map { #"{"type":"join","eventId":"\#(show)","after":\#($0)}"# } ?? #"{"type":"join","eventId":"\#(show)"}"#)
        return try await next()
    }

    /// The next frame, or a thrown timeout after `limit`.
    func next(within limit: Duration = .seconds(10)) async throws -> RoomFrame {
        let text = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask { [self] in
                guard case .text(let text)? = try await self.inbound.next() else { return nil }
                return text
            }
            group.addTask { try await Task.sleep(for: limit); throw RoomSocketTimeout() }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
        guard let text else { throw RoomSocketClosed() }
        return try JSONDecoder().decode(RoomFrame.self, from: Data(text.utf8))
    }
}

struct RoomSocketTimeout: Error {}
struct RoomSocketClosed: Error {}

/// Opens a WebSocket to `/ws` on `port` and runs `body` with it; the socket closes when `body` returns.
func withRoomSocket(port: Int, _ body: @escaping @Sendable (RoomSocket) async throws -> Void) async throws {
    _ = try await withRoomSocketValue(port: port, body)
}

/// The same, handing back what `body` returns.
func withRoomSocketValue<T: Sendable>(port: Int, _ body: @escaping @Sendable (RoomSocket) async throws -> T) async throws -> T {
    let result = Mutex<T?>(nil)
    try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/ws", logger: Logger(label: "test-ws")) { inbound, outbound, _ in
        let value = try await body(RoomSocket(outbound: outbound, inbound: inbound.messages(maxSize: 1 << 20).makeAsyncIterator()))
        result.withLock { $0 = value }
    }
    guard let value = result.withLock({ $0 }) else { throw RoomSocketClosed() }
    return value
}
