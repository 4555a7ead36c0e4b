public import Domain
import EventSchema
import SwiftProtobuf

extension ShowChat: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .posted(let e): PBChatMessagePosted.with {
            $0.number = Int64(e.number)
            $0.by = PBActor(e.by)
            $0.name = e.name
            $0.text = e.text
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
            try payload.parse(PBChatMessagePosted.self) { m throws(SchemaMismatch) in
                .posted(ChatMessagePosted(number: Int(m.number), by: try m.by.decoded(), name: m.name, text: m.text, at: Instant(m.at)))
            }
        case "ChatMessageHidden":
            try payload.parse(PBChatMessageHidden.self) { .hidden(ChatMessageHidden(number: Int($0.number), by: OrganizerID($0.by), at: Instant($0.at))) }
        case "ChatAuthorMuted":
            try payload.parse(PBChatAuthorMuted.self) { .muted(ChatAuthorMuted(customer: CustomerID($0.customer), by: OrganizerID($0.by), at: Instant($0.at))) }
        case "ChatAuthorUnmuted":
            try payload.parse(PBChatAuthorUnmuted.self) {
                .unmuted(ChatAuthorUnmuted(customer: CustomerID($0.customer), by: OrganizerID($0.by), at: Instant($0.at)))
            }
        default: nil
        }
    }
}
