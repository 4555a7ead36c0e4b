import Domain
import Foundation

/// One show's chat room: its members (ticket holders and the organizer, let in by `EventChat.member`) and its
/// recent messages for clients that reconnect. Owned by the rooms' loop alone, like `LiveRoom`.
final class ChatRoom: Room {
    let show: String
    private(set) var position: UInt64 = 0
    private var history: RoomHistory
    var members: [UInt64: (client: LiveClient, seenThrough: UInt64)] = [:]

    init(show: String, historyLimit: Int) {
        self.show = show
        history = RoomHistory(limit: historyLimit)
    }

    /// Folds one chat event; returns the frame it means for the members (`chat-message`, `chat-hidden`), if any.
    func fold(_ event: ShowChat.Event, at position: UInt64) -> [RoomMessageFrame] {
        guard position > self.position else { return [] }
        self.position = position
        let message: ChatFrame? = switch event {
        case .posted(let posted):
            ChatFrame(type: "chat-message", eventId: show, position: position, number: posted.number, name: posted.name,
                      role: Self.role(of: posted.by), text: posted.text, at: posted.at.rawValue)
        case .hidden(let hidden):
            ChatFrame(type: "chat-hidden", eventId: show, position: position, number: hidden.number)
        // Who is muted is the organizer's business, not the room's.
        case .muted, .unmuted: nil
        }
        guard let message else { return [] }
        let frame = RoomMessageFrame(position: position, text: FrameText.of(message))
        history.remember(frame)
        return [frame]
    }

    func messages(after position: UInt64) -> [RoomMessageFrame]? { history.messages(after: position) }

    /// A customer was erased at `position`: the messages remembered here may be theirs, as they were.
    func forgetHistory(through position: UInt64) { history.forget(through: position) }

    private static func role(of author: Actor) -> String {
        if case .organizer = author { "organizer" } else { "customer" }
    }

    /// What a chat room sends: a message (never its author's e-mail address or account id) or the number of one
    /// the organizer hid.
    private struct ChatFrame: Encodable {
        var type: String
        var eventId: String
        var position: UInt64
        var number: Int
        var name: String?
        var role: String?
        var text: String?
        var at: Int64?
    }
}
