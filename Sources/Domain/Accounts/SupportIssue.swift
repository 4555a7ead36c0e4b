/// A support issue raised by a customer or organizer and resolved by an admin.
public enum SupportIssue: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        case raise(by: Actor, subject: String, description: String, image: String?, now: Instant)
        case resolve(by: AdminID, note: String, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyRaised
        case noSuchIssue
        case emptySubject
    }

    public struct State: Sendable, Equatable {
        public var raisedBy: Actor?
        public var subject: String?
        public var resolved = false
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .raise(actor, subject, description, image, now):
            if state.raisedBy == actor && state.subject == subject { return [] }
            guard state.raisedBy == nil else { throw .alreadyRaised }
            guard !subject.trimmed.isEmpty else { throw .emptySubject }
            return [.raised(IssueRaised(by: actor, subject: subject, description: description, image: image, at: now))]
        case let .resolve(admin, note, now):
            guard state.raisedBy != nil else { throw .noSuchIssue }
            if state.resolved { return [] }
            return [.resolved(IssueResolved(by: admin, note: note, at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .raised(let raised):
            state.raisedBy = raised.by
            state.subject = raised.subject
        case .resolved: state.resolved = true
        }
        return state
    }

    /// What happened to an issue: the storage contract of the `issue` stream category.
    public enum Event: Sendable, Equatable {
        case raised(IssueRaised)
        case resolved(IssueResolved)
    }
}

public struct IssueRaised: Hashable, Sendable, Codable {
    public var by: Actor
    public var subject: String
    public var description: String
    /// Content address of an attached image, if any.
    public var image: String?
    public var at: Instant
    public init(by: Actor, subject: String, description: String, image: String?, at: Instant) {
        self.by = by
        self.subject = subject
        self.description = description
        self.image = image
        self.at = at
    }
}

public struct IssueResolved: Hashable, Sendable, Codable {
    public var by: AdminID
    public var note: String
    public var at: Instant
    public init(by: AdminID, note: String, at: Instant) {
        self.by = by
        self.note = note
        self.at = at
    }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension SupportIssue: EventCodec {
    public static let category = "issue"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .raised(let payload): StoredEvent("IssueRaised", payload)
        case .resolved(let payload): StoredEvent("IssueResolved", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "IssueRaised": .raised(try IssueRaised(from: decoder))
        case "IssueResolved": .resolved(try IssueResolved(from: decoder))
        default: nil
        }
    }
}
