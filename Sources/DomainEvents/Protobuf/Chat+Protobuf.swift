public import Domain
import EventSchema
import SwiftProtobuf

// ChatMessagePosted's personal values (the author's name, the text) are sealed for its author.
extension ShowChat: ProtobufEvents {
    public static func personalSubject(of event: Event) -> String? {
        if case .posted(let e) = event { e.by.subject } else { nil }
    }

    public static func message(_ event: Event) throws -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .posted(let e): try PBChatMessagePosted.with {
            $0.number = Int64(e.number)
            $0.by = PBActor(e.by)
            $0.personal = try PersonalFields.seal([e.name, e.text], for: e.by.subject)
            $0.at = e.at.rawValue
        }
        case .hidden(let e): PBChatMessageHidden.with {
            $0.number = Int64(e.number)
            $0.by = e.by.rawValue
            $0.at = e.at.rawValue
        }
        case .muted(let e): PBChatAuthorMuted.with {
            $0.customer = e.customer.rawValue
            $0.by = e.by.rawValue
            $0.at = e.at.rawValue
        }
        case .unmuted(let e): PBChatAuthorUnmuted.with {
            $0.customer = e.customer.rawValue
            $0.by = e.by.rawValue
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "ChatMessagePosted":
            let m = try payload.parse(PBChatMessagePosted.self)
            let personal = m.hasPersonal ? try PersonalFields.open(m.personal, count: 2) : [m.name, m.text]
            return .posted(ChatMessagePosted(number: Int(m.number), by: try m.by.decoded(), name: personal[0], text: personal[1], at: Instant(m.at)))
        case "ChatMessageHidden":
            return try payload.parse(PBChatMessageHidden.self) { .hidden(ChatMessageHidden(number: Int($0.number), by: OrganizerID($0.by), at: Instant($0.at))) }
        case "ChatAuthorMuted":
            return try payload.parse(PBChatAuthorMuted.self) { .muted(ChatAuthorMuted(customer: CustomerID($0.customer), by: OrganizerID($0.by), at: Instant($0.at))) }
        case "ChatAuthorUnmuted":
            return try payload.parse(PBChatAuthorUnmuted.self) {
                .unmuted(ChatAuthorUnmuted(customer: CustomerID($0.customer), by: OrganizerID($0.by), at: Instant($0.at)))
            }
        default: return nil
        }
    }
}
