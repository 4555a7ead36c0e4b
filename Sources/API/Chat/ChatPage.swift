import App
import Domain
import Hummingbird
import Projections

/// A page of a show's chat as its reader gets it: newest first, hidden messages left out, names as shown. Only the
/// organizer sees which customer wrote what (to mute them) and who is muted; customers see `mine` on their own.
struct ChatPage: ResponseEncodable {
    struct Message: Encodable {
        var number: Int
        var name: String
        /// `customer` or `organizer`.
        var role: String
        var text: String
        /// Milliseconds since 1970.
        var at: Int64
        var position: UInt64
        var mine: Bool
        var customerId: String?
    }

    var eventId: String
    var messages: [Message]
    /// Older messages may remain: ask with `before` the last message's number.
    var more: Bool
    var muted: [String]?
    /// The log position this page reflects.
    var position: UInt64

    init(show: ShowID, page: (head: ShowChatProjection.Head, lines: [ShowChatProjection.Line], more: Bool), for member: EventChat.Member, position: UInt64) {
        let organizer: Bool
        if case .organizer = member { organizer = true } else { organizer = false }
        eventId = show.rawValue
        messages = page.lines.map { line in
            let customer: CustomerID? = if case .customer(let id) = line.by { id } else { nil }
            return Message(number: line.number, name: line.name, role: customer == nil ? "organizer" : "customer", text: line.text,
                           at: line.at.rawValue, position: line.position, mine: line.by == member.actor,
                           customerId: organizer ? customer?.rawValue : nil)
        }
        more = page.more
        muted = organizer ? page.head.muted.map(\.rawValue).sorted() : nil
        self.position = position
    }
}
