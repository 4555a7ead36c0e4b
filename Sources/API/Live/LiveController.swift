import Foundation
import Prometheus
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import ServiceLifecycle

/// `GET /ws`: a WebSocket on which a client joins and leaves show rooms and receives their live changes.
///
/// A client sends `{"type":"join","eventId":"…","after":N}` (`after` optional: the last position it saw, to be
/// caught up) or `{"type":"leave","eventId":"…"}`; anything else is answered with an `error` frame naming the
/// problem and never reaches another client. Show rooms are public, like the seat map, so no session is needed; a
/// show's chat room (`join-chat`, `leave-chat`) takes its members only, by the session cookie of the upgrade or a
/// `token` in the message.
struct LiveController {
    let rooms: LiveRooms
    /// Open connections per client address, bounded (`RateLimitSettings.webSocketsPerAddress`).
    let connections: WebSocketConnections
    let limits: RateLimitSettings
    /// Who may join a show's chat room.
    let chat: ChatAdmission
    /// Counts refused connections on `/metrics` (`tktplz_rate_limited_total{rule="websocket"}`).
    let refused: Counter
    /// The largest message a client may send; joins and leaves are tiny.
    static let maxClientMessage = 4096

    func addRoutes(to router: Router<LiveRequestContext>) {
        router.ws("ws") { inbound, outbound, context in
            // Over the limit, the connection is closed at once with 1013 "try again later" and a reason naming the
            // limit: Hummingbird answers any refused upgrade with an empty 400, which would tell the client nothing.
            let address = limits.clientAddress(of: context.request, peer: context.requestContext.remoteAddress)
            guard connections.enter(address) else {
                refused.increment()
                try await outbound.close(.unknown(1013), reason: "too many WebSocket connections from your address (at most \(connections.limit)); try again later")
                return
            }
            defer { connections.leave(address) }
            let client = rooms.connect()
            defer { rooms.disconnect(client) }
            // The session of the upgrade request (its cookie), for a chat room's `join-chat` that names none.
            let connectionToken = SessionCookie.token(of: context.request)
            // At shutdown the handler ends, so the server sends its close frame and cuts a client that never answers.
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await frame in client.frames { try await outbound.write(.text(frame)) }
                        if client.wasDropped {
                            try await outbound.close(.policyViolation, reason: "too slow: the client fell behind its rooms")
                        }
                    }
                    group.addTask {
                        for try await message in inbound.messages(maxSize: Self.maxClientMessage) {
                            // The size limit above holds only for messages in several frames; one frame may carry
                            // up to the server's frame size (16 KB), so a single frame is measured here.
                            guard message.size <= Self.maxClientMessage else {
                                try await outbound.close(.messageTooLarge, reason: "messages are at most \(Self.maxClientMessage) bytes")
                                return
                            }
                            await handle(message, from: client, connectionToken: connectionToken)
                        }
                    }
                    // Either side ending ends the connection.
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    /// A plain `GET /ws` (no `Upgrade: websocket`) reaches the HTTP router: told what the path is, not a bare 404.
    static func addUpgradeHint(to router: Router<some RequestContext>) {
        router.get("ws") { _, _ -> Response in
            throw APIError.upgradeRequired("GET /ws is a WebSocket: send Upgrade: websocket")
        }
    }

    private func handle(_ message: WebSocketMessage, from client: LiveClient, connectionToken: String?) async {
        guard case .text(let text) = message else {
            client.send(ControlFrame.error("invalid_message", "messages are JSON text frames"))
            return
        }
        do {
            switch try ClientMessage.parse(text) {
            case .join(let show, let after): rooms.join(client, show: show, after: after)
            case .leave(let show): rooms.leave(client, show: show)
            case .joinChat(let show, let after, let token):
                if let refusal = await chat.refusal(token: token ?? connectionToken, show: show) {
                    client.send(ControlFrame.error(refusal.code, refusal.message))
                } else {
                    rooms.joinChat(client, show: show, after: after)
                }
            case .leaveChat(let show): rooms.leaveChat(client, show: show)
            case .joinQueue(let show, let after): rooms.joinQueue(client, show: show, after: after)
            case .leaveQueue(let show): rooms.leaveQueue(client, show: show)
            }
        } catch {
            client.send(ControlFrame.error("invalid_message", error.message))
        }
    }
}

extension WebSocketMessage {
    /// The bytes the message carries.
    var size: Int {
        switch self {
        case .text(let text): text.utf8.count
        case .binary(let buffer): buffer.readableBytes
        }
    }
}
