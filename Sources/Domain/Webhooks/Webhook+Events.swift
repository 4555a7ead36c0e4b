public struct WebhookRegistered: Hashable, Sendable, Codable {
    public var organizer: OrganizerID
    public var url: String
    public var topics: Set<WebhookTopic>
    /// The log position at registration: records after it are delivered.
    public var from: UInt64
    public var at: Instant
    public init(organizer: OrganizerID, url: String, topics: Set<WebhookTopic>, from: UInt64, at: Instant) {
        self.organizer = organizer
        self.url = url
        self.topics = topics
        self.from = from
        self.at = at
    }
}

public struct WebhookRemoved: Hashable, Sendable, Codable {
    public var at: Instant
    public init(at: Instant) { self.at = at }
}

public struct WebhookDelivered: Hashable, Sendable, Codable {
    public var position: UInt64
    public var status: Int
    /// Attempts it took, this one included.
    public var attempts: Int
    public var at: Instant
    public init(position: UInt64, status: Int, attempts: Int, at: Instant) {
        self.position = position
        self.status = status
        self.attempts = attempts
        self.at = at
    }
}

public struct WebhookAttemptFailed: Hashable, Sendable, Codable {
    public var position: UInt64
    /// Which attempt at this record, from 1.
    public var attempt: Int
    /// The endpoint's answer; `nil` when there was none (refused, timed out, TLS).
    public var status: Int?
    public var reason: String
    public var retryAt: Instant
    public var at: Instant
    public init(position: UInt64, attempt: Int, status: Int?, reason: String, retryAt: Instant, at: Instant) {
        self.position = position
        self.attempt = attempt
        self.status = status
        self.reason = reason
        self.retryAt = retryAt
        self.at = at
    }
}

public struct WebhookReplayRequested: Hashable, Sendable, Codable {
    public var from: UInt64
    public var at: Instant
    public init(from: UInt64, at: Instant) {
        self.from = from
        self.at = at
    }
}

extension Webhook: EventCodec {
    public static let category = "webhook"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .registered(let payload): StoredEvent("WebhookRegistered", payload)
        case .removed(let payload): StoredEvent("WebhookRemoved", payload)
        case .delivered(let payload): StoredEvent("WebhookDelivered", payload)
        case .attemptFailed(let payload): StoredEvent("WebhookAttemptFailed", payload)
        case .replayRequested(let payload): StoredEvent("WebhookReplayRequested", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "WebhookRegistered": .registered(try WebhookRegistered(from: decoder))
        case "WebhookRemoved": .removed(try WebhookRemoved(from: decoder))
        case "WebhookDelivered": .delivered(try WebhookDelivered(from: decoder))
        case "WebhookAttemptFailed": .attemptFailed(try WebhookAttemptFailed(from: decoder))
        case "WebhookReplayRequested": .replayRequested(try WebhookReplayRequested(from: decoder))
        default: nil
        }
    }
}
