import Foundation

/// The server's replies to a client's own requests (never broadcast): `joined`, `left`, `resync` and `error`.
enum ControlFrame {
    private struct Body: Encodable {
        var type: String
        var eventId: String?
        var position: UInt64?
        var code: String?
        var message: String?
    }

    private static func text(_ body: Body) -> String { FrameText.of(body) }

    /// In the room; every later message has a position after `position`. A chat room's frames say `chat-joined`,
    /// `chat-left` and `chat-resync`.
    static func joined(_ room: RoomKey, position: UInt64) -> String {
        text(Body(type: prefix(room) + "joined", eventId: room.show, position: position))
    }

    static func left(_ room: RoomKey) -> String { text(Body(type: prefix(room) + "left", eventId: room.show)) }

    /// The messages after the client's position are no longer remembered: reload the seat map with
    /// `GET /api/event/:eventId/seats?after=position` (a chat: `GET /api/event/:eventId/chat?after=position`), then
    /// carry on with the live messages.
    static func resync(_ room: RoomKey, position: UInt64) -> String {
        text(Body(type: prefix(room) + "resync", eventId: room.show, position: position))
    }

    private static func prefix(_ room: RoomKey) -> String {
        switch room {
        case .show: ""
        case .chat: "chat-"
        case .queue: "queue-"
        }
    }

    static func error(_ code: String, _ message: String) -> String {
        text(Body(type: "error", code: code, message: message))
    }
}
