/// A room of the live rooms' loop: a show's seat map or a show's chat.
protocol Room: AnyObject {
    var position: UInt64 { get }
    var members: [UInt64: (client: LiveClient, seenThrough: UInt64)] { get set }
    func messages(after position: UInt64) -> [RoomMessageFrame]?
}

/// Which room: a show's (public, its seat map's changes), a show's chat (members only), or a show's on-sale queue
/// (public: how many were admitted and how many wait).
enum RoomKey: Hashable, Sendable {
    case show(String)
    case chat(String)
    case queue(String)

    var show: String {
        switch self {
        case .show(let show), .chat(let show), .queue(let show): show
        }
    }
}
