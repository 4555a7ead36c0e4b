/// A show's chat room: messages from its ticket holders and its organizer, who moderates it (hides a message,
/// mutes a customer). One stream per show. Who may post (a ticket holder, the show's own organizer) is checked by
/// the application before a command gets here; what a message may be, who is muted and how fast one may post are
/// decided here, so they replay and audit like everything else.
public enum ShowChat: Decider {
    public static let initialState = State()

    /// The longest message, in characters.
    public static let maxLength = 500
    /// The longest name shown beside a message, in characters.
    public static let maxNameLength = 60
    /// Flooding: at most `burst` messages by one author within `window`.
    public static let burst = 5
    public static let window = Duration.seconds(10)

    public enum Command: Sendable, Equatable {
        /// `name` is what others see beside the message (never an e-mail address: the application's choice).
        case post(by: Actor, name: String, text: String, now: Instant)
        case hide(message: Int, by: OrganizerID, now: Instant)
        case mute(CustomerID, by: OrganizerID, now: Instant)
        case unmute(CustomerID, by: OrganizerID, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case emptyMessage
        case messageTooLong(characters: Int)
        case controlCharacter
        case emptyName
        case muted
        /// Too many messages too fast: the author may post again after `retryAfter`.
        case tooFast(retryAfter: Instant)
        case noSuchMessage(Int)
        /// Only customers and organizers post; admins and the platform do not chat.
        case notAnAuthor
    }

    public struct State: Sendable, Equatable {
        /// Messages posted so far; message numbers run from 1.
        public var count = 0
        public var hidden: Set<Int> = []
        public var muted: Set<CustomerID> = []
        /// Each author's latest posts (at most `burst`), oldest first: what the flood rule looks at.
        public var recent: [Actor: [Instant]] = [:]
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .post(author, name, text, now):
            switch author {
            case .customer(let customer): if state.muted.contains(customer) { throw .muted }
            case .organizer: break
            case .admin, .system: throw .notAnAuthor
            }
            let body = text.trimmed
            guard !body.isEmpty else { throw .emptyMessage }
            guard body.count <= maxLength else { throw .messageTooLong(characters: body.count) }
            guard !body.unicodeScalars.contains(where: isRefused) else { throw .controlCharacter }
            let shown = name.trimmed
            guard !shown.isEmpty else { throw .emptyName }
            if let latest = state.recent[author], latest.count >= burst, let oldest = latest.first {
                let allowed = oldest.adding(window)
                if now < allowed { throw .tooFast(retryAfter: allowed) }
            }
            return [.posted(ChatMessagePosted(number: state.count + 1, by: author, name: String(shown.prefix(maxNameLength)), text: body, at: now))]
        case let .hide(number, organizer, now):
            guard number >= 1, number <= state.count else { throw .noSuchMessage(number) }
            if state.hidden.contains(number) { return [] }
            return [.hidden(ChatMessageHidden(number: number, by: organizer, at: now))]
        case let .mute(customer, organizer, now):
            if state.muted.contains(customer) { return [] }
            return [.muted(ChatAuthorMuted(customer: customer, by: organizer, at: now))]
        case let .unmute(customer, organizer, now):
            guard state.muted.contains(customer) else { return [] }
            return [.unmuted(ChatAuthorUnmuted(customer: customer, by: organizer, at: now))]
        }
    }

    /// Line breaks are a message's own; any other control character, and the bidirectional overrides that make text
    /// read otherwise than it is stored, are tricks. (Joiners stay: emoji need them.)
    private static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" { return false }
        if scalar.properties.generalCategory == .control { return true }
        return (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        apply(event, to: &state)
        return state
    }

    public static func apply(_ event: Event, to state: inout State) {
        switch event {
        case .posted(let posted):
            state.count = max(state.count, posted.number)
            var latest = state.recent[posted.by] ?? []
            latest.append(posted.at)
            if latest.count > burst { latest.removeFirst(latest.count - burst) }
            state.recent[posted.by] = latest
        case .hidden(let hidden): state.hidden.insert(hidden.number)
        case .muted(let muted): state.muted.insert(muted.customer)
        case .unmuted(let unmuted): state.muted.remove(unmuted.customer)
        }
    }

    /// What happened in a show's chat: the storage contract of the `chat` stream category.
    public enum Event: Sendable, Equatable {
        case posted(ChatMessagePosted)
        case hidden(ChatMessageHidden)
        case muted(ChatAuthorMuted)
        case unmuted(ChatAuthorUnmuted)
    }
}

public struct ChatMessagePosted: Hashable, Sendable, Codable {
    /// The message's number in its show's chat, from 1.
    public var number: Int
    public var by: Actor
    /// The author's name as shown.
    public var name: String
    public var text: String
    public var at: Instant
    public init(number: Int, by: Actor, name: String, text: String, at: Instant) {
        self.number = number
        self.by = by
        self.name = name
        self.text = text
        self.at = at
    }
}

public struct ChatMessageHidden: Hashable, Sendable, Codable {
    public var number: Int
    public var by: OrganizerID
    public var at: Instant
    public init(number: Int, by: OrganizerID, at: Instant) {
        self.number = number
        self.by = by
        self.at = at
    }
}

public struct ChatAuthorMuted: Hashable, Sendable, Codable {
    public var customer: CustomerID
    public var by: OrganizerID
    public var at: Instant
    public init(customer: CustomerID, by: OrganizerID, at: Instant) {
        self.customer = customer
        self.by = by
        self.at = at
    }
}

public struct ChatAuthorUnmuted: Hashable, Sendable, Codable {
    public var customer: CustomerID
    public var by: OrganizerID
    public var at: Instant
    public init(customer: CustomerID, by: OrganizerID, at: Instant) {
        self.customer = customer
        self.by = by
        self.at = at
    }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension ShowChat: EventCodec {
    public static let category = "chat"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .posted(let payload): StoredEvent("ChatMessagePosted", payload)
        case .hidden(let payload): StoredEvent("ChatMessageHidden", payload)
        case .muted(let payload): StoredEvent("ChatAuthorMuted", payload)
        case .unmuted(let payload): StoredEvent("ChatAuthorUnmuted", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "ChatMessagePosted": .posted(try ChatMessagePosted(from: decoder))
        case "ChatMessageHidden": .hidden(try ChatMessageHidden(from: decoder))
        case "ChatAuthorMuted": .muted(try ChatAuthorMuted(from: decoder))
        case "ChatAuthorUnmuted": .unmuted(try ChatAuthorUnmuted(from: decoder))
        default: nil
        }
    }
}
