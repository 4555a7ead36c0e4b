import Domain
import DomainEvents
import EventStore
import Foundation

/// What a client may send on `/ws` or Socket.IO: join or leave a show's room. Nothing a client sends is ever relayed.
enum ClientMessage: Equatable {
    case join(show: String, after: UInt64?)
    case leave(show: String)
    /// Into the show's chat room, as the session of `token` (else the connection's own): members only.
    case joinChat(show: String, after: UInt64?, token: String?)
    case leaveChat(show: String)
    /// Into the show's on-sale queue room (public): how many were admitted and how many wait, once a second.
    case joinQueue(show: String, after: UInt64?)
    case leaveQueue(show: String)

    /// The types a client may send.
    static let types = ["join", "leave", "join-chat", "leave-chat", "join-queue", "leave-queue"]

    struct Invalid: Error, Equatable {
        var message: String
    }

    private struct Body: Decodable {
        var type: String?
        var eventId: String?
        var after: Position?
        var token: String?
    }

    /// A log position: a whole number from 0. Decoded by hand because Foundation reports a negative number for an
    /// unsigned field as invalid JSON without naming the field.
    private struct Position: Decodable {
        var value: UInt64

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            guard let number = try? container.decode(Int64.self), number >= 0 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a log position")
            }
            value = UInt64(number)
        }
    }

    /// A `/ws` message: `{"type":"join","eventId":"…","after":N}` or `{"type":"leave","eventId":"…"}`.
    static func parse(_ text: String) throws(Invalid) -> ClientMessage {
        let body = try decode(Data(text.utf8))
        guard let type = body.type else { throw Invalid(message: "field type is required (\(types.joined(separator: ", ")))") }
        return try make(type, body)
    }

    /// A Socket.IO event: its name is the type, its argument the rest (`emit("join", {eventId, after})`).
    static func parse(event name: String, argument: Data) throws(Invalid) -> ClientMessage {
        try make(name, decode(argument))
    }

    private static func decode(_ json: Data) throws(Invalid) -> Body {
        do {
            return try JSONDecoder().decode(Body.self, from: json)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw Invalid(message: field == "after" ? "field after must be a log position (a whole number)" : "field \(field) must be a string")
        } catch {
            throw Invalid(message: "the message is not a JSON object")
        }
    }

    private static func make(_ type: String, _ body: Body) throws(Invalid) -> ClientMessage {
        guard let show = body.eventId, !show.isEmpty else { throw Invalid(message: "field eventId is required") }
        // A room is named after a show's stream; anything that cannot name one cannot be a show.
        guard (try? Show.stream(ShowID(show))) != nil else { throw Invalid(message: "field eventId is not a valid event id") }
        switch type {
        case "join": return .join(show: show, after: body.after?.value)
        case "leave": return .leave(show: show)
        case "join-chat": return .joinChat(show: show, after: body.after?.value, token: body.token)
        case "leave-chat": return .leaveChat(show: show)
        case "join-queue": return .joinQueue(show: show, after: body.after?.value)
        case "leave-queue": return .leaveQueue(show: show)
        default: throw Invalid(message: "field type must be one of \(types.joined(separator: ", ")), not \(type)")
        }
    }
}
