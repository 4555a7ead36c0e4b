/// An organizer's webhook endpoint: where TktPlz posts what happens to their shows (`WebhookTopic`), and how far it
/// has got. Deliveries go in order of log position, one at a time: the record after `deliveredThrough` is tried until
/// the endpoint takes it, then the next; a failure waits before the next attempt. Each outcome is an event, so the
/// attempts are visible, a restart resumes where the last delivery ended, and an auditor can replay them.
public enum Webhook: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        /// `from`: the log position at registration; records after it are delivered.
        case register(organizer: OrganizerID, url: String, topics: Set<WebhookTopic>, from: UInt64, now: Instant)
        case remove(by: OrganizerID, now: Instant)
        /// The endpoint took the record at `position` (answered 2xx).
        case recordDelivery(position: UInt64, status: Int, now: Instant)
        /// An attempt at the record at `position` failed (`status`: the endpoint's answer, `nil`: none); the next
        /// attempt is not before `retryAt`.
        case recordFailure(position: UInt64, status: Int?, reason: String, retryAt: Instant, now: Instant)
        /// Deliver again everything after `from` (the organizer's replay).
        case replay(from: UInt64, by: OrganizerID, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyRegistered
        case noSuchWebhook
        case notTheOrganizer
        case removed
        case invalidURL(String)
        case noTopics
        /// A delivery outcome for a record that is not the next one (an older attempt, or another node's).
        case notNext(position: UInt64, deliveredThrough: UInt64)
    }

    public struct State: Sendable, Equatable {
        public var organizer: OrganizerID?
        public var url = ""
        public var topics: Set<WebhookTopic> = []
        public var removed = false
        /// Every matching record up to here was delivered.
        public var deliveredThrough: UInt64 = 0
        /// Failed attempts at the next record, and when the next may be made.
        public var failures = 0
        public var retryAt: Instant?
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .register(organizer, url, topics, from, now):
            if state.organizer == organizer && state.url == url && state.topics == topics { return [] }
            guard state.organizer == nil else { throw .alreadyRegistered }
            if let problem = WebhookURL.problem(url) { throw .invalidURL(problem) }
            guard !topics.isEmpty else { throw .noTopics }
            return [.registered(WebhookRegistered(organizer: organizer, url: url, topics: topics, from: from, at: now))]
        case let .remove(organizer, now):
            try requireOrganizer(organizer, state)
            if state.removed { return [] }
            return [.removed(WebhookRemoved(at: now))]
        case let .recordDelivery(position, status, now):
            try requireNext(position, state)
            return [.delivered(WebhookDelivered(position: position, status: status, attempts: state.failures + 1, at: now))]
        case let .recordFailure(position, status, reason, retryAt, now):
            try requireNext(position, state)
            return [.attemptFailed(WebhookAttemptFailed(position: position, attempt: state.failures + 1, status: status,
                                                       reason: String(reason.prefix(500)), retryAt: retryAt, at: now))]
        case let .replay(from, organizer, now):
            try requireOrganizer(organizer, state)
            guard !state.removed else { throw .removed }
            return [.replayRequested(WebhookReplayRequested(from: from, at: now))]
        }
    }

    private static func requireOrganizer(_ organizer: OrganizerID, _ state: State) throws(Rejection) {
        guard let owner = state.organizer else { throw .noSuchWebhook }
        guard owner == organizer else { throw .notTheOrganizer }
    }

    /// Outcomes come for the next record only, so two nodes delivering the same record record it once.
    private static func requireNext(_ position: UInt64, _ state: State) throws(Rejection) {
        guard state.organizer != nil else { throw .noSuchWebhook }
        guard !state.removed else { throw .removed }
        guard position > state.deliveredThrough else { throw .notNext(position: position, deliveredThrough: state.deliveredThrough) }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .registered(let registered):
            state.organizer = registered.organizer
            state.url = registered.url
            state.topics = registered.topics
            state.deliveredThrough = registered.from
        case .removed: state.removed = true
        case .delivered(let delivered):
            state.deliveredThrough = delivered.position
            state.failures = 0
            state.retryAt = nil
        case .attemptFailed(let failed):
            state.failures = failed.attempt
            state.retryAt = failed.retryAt
        case .replayRequested(let replay):
            state.deliveredThrough = replay.from
            state.failures = 0
            state.retryAt = nil
        }
        return state
    }

    /// What happened to an endpoint: the storage contract of the `webhook` stream category.
    public enum Event: Sendable, Equatable {
        case registered(WebhookRegistered)
        case removed(WebhookRemoved)
        case delivered(WebhookDelivered)
        case attemptFailed(WebhookAttemptFailed)
        case replayRequested(WebhookReplayRequested)
    }
}

/// Where an endpoint may be: HTTPS, with a host, and not absurdly long.
public enum WebhookURL {
    public static func problem(_ url: String) -> String? {
        guard url.count <= 2048 else { return "the address is longer than 2,048 characters" }
        guard url.lowercased().hasPrefix("https://") else { return "the address must start with https://" }
        let rest = url.dropFirst("https://".count)
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }.split(separator: "@").last ?? ""
        guard !host.isEmpty, !host.hasPrefix(":") else { return "the address has no host" }
        guard !url.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true }) else { return "the address contains a space or a control character" }
        return nil
    }
}
