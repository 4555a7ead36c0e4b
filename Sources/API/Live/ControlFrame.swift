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

    /// In the room; every later message has a position after `position`.
    static func joined(_ show: String, position: UInt64) -> String {
        text(Body(type: "joined", eventId: show, position: position))
    }

    static func left(_ show: String) -> String { text(Body(type: "left", eventId: show)) }

    /// The messages after the client's position are no longer remembered: reload the seat map with
    /// `GET /api/event/:eventId/seats?after=position`, then carry on with the live messages.
    static func resync(_ show: String, position: UInt64) -> String {
        text(Body(type: "resync", eventId: show, position: position))
    }

    static func error(_ code: String, _ message: String) -> String {
        text(Body(type: "error", code: code, message: message))
    }
}
