public import Domain
public import DomainEvents
public import EventStore

/// Each show's chat as its readers page through it: one row per message, and a head per show (how many messages,
/// who is muted). A page is a handful of lookups by key, whatever the chat's length.
///
/// Keys: `show` for the head, `show\u{1F}number` (ten digits) for a message, `\u{2}customer` for the keys of the
/// messages a customer wrote (what their erasure erases: as their sealed messages read once their key is gone, so
/// a rebuild after an erasure makes the views the erasure left). Ids never hold control characters.
public struct ShowChatProjection: Projection {
    public enum View: Codable, Sendable, Equatable {
        case head(Head)
        case line(Line)
        /// The keys of a customer's messages.
        case authored([String])
    }

    public struct Head: Codable, Sendable, Equatable {
        public var count: Int
        public var muted: Set<CustomerID>
    }

    public struct Line: Codable, Sendable, Equatable {
        public var number: Int
        public var by: Actor
        public var name: String
        public var text: String
        public var at: Instant
        /// The log position of its posting (what live clients resume after).
        public var position: UInt64
        public var hidden: Bool
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-chat"
    /// 2: a customer's messages are listed for their erasure.
    public static let version = 2

    public init() {}

    static func key(_ show: String, _ number: Int) -> String {
        let digits = String(number)
        return show + "\u{1F}" + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        if case .customer(.erased(let erased))? = event { return try Self.erase(erased.customer, views) }
        guard case .chat(let event)? = event else { return }
        let show = record.stream.id
        var head: Head
        if case .head(let stored)? = try views.view(show) { head = stored } else { head = Head(count: 0, muted: []) }
        switch event {
        case .posted(let posted):
            head.count = max(head.count, posted.number)
            let key = Self.key(show, posted.number)
            views.set(key, .line(Line(
                number: posted.number, by: posted.by, name: posted.name, text: posted.text, at: posted.at,
                position: record.position.rawValue, hidden: false)))
            if case .customer(let customer) = posted.by {
                try views.update(Self.authoredKey(customer)) { view in
                    guard case .authored(var keys)? = view else { return view = .authored([key]) }
                    if !keys.contains(key) { keys.append(key) }
                    view = .authored(keys)
                }
            }
        case .hidden(let hidden):
            if case .line(var line)? = try views.view(Self.key(show, hidden.number)) {
                line.hidden = true
                views.set(Self.key(show, hidden.number), .line(line))
            }
        case .muted(let muted): head.muted.insert(muted.customer)
        case .unmuted(let unmuted): head.muted.remove(unmuted.customer)
        }
        views.set(show, .head(head))
    }

    static func authoredKey(_ customer: CustomerID) -> String { "\u{2}\(customer.rawValue)" }

    /// Erases the name and text of every message `customer` wrote (hidden ones too); their numbers stay.
    private static func erase(_ customer: CustomerID, _ views: ViewBatch<View>) throws {
        guard case .authored(let keys)? = try views.view(authoredKey(customer)) else { return }
        for key in keys {
            guard case .line(var line)? = try views.view(key) else { continue }
            line.name = PersonalData.erased
            line.text = PersonalData.erased
            views.set(key, .line(line))
        }
    }

    /// A page of `show`'s chat, newest first: the visible messages numbered below `before` (from the newest,
    /// without it), at most `limit`, and whether older ones may remain (ask again with `before` the oldest's number).
    public static func page(of show: ShowID, before: Int?, limit: Int, from store: ProjectionStore) throws(EventStoreError)
        -> (head: Head, lines: [Line], more: Bool) {
        guard case .head(let head)? = try store.view(Self.self, key: show.rawValue) else { return (Head(count: 0, muted: []), [], false) }
        var lines: [Line] = []
        var next = min(before.map { $0 - 1 } ?? head.count, head.count)
        // Hidden messages are skipped, so a page may need more than `limit` lookups; read in chunks.
        while next >= 1, lines.count < limit {
            let numbers = Array(stride(from: next, to: max(0, next - limit), by: -1))
            for case .line(let line)? in try store.views(Self.self, keys: numbers.map { key(show.rawValue, $0) }) where !line.hidden {
                if lines.count < limit { lines.append(line) }
            }
            next -= numbers.count
        }
        // A full page whose oldest message is not the first may have older ones (or only hidden ones: then the
        // next page is empty and says there is no more).
        let more = lines.count == limit && (lines.last?.number ?? 0) > 1
        return (head, lines, more)
    }
}
