public import Domain
import EventSchema
import SwiftProtobuf

// The `webhook` category's events as the messages of `schema/tktplz/events/v1/webhook.proto`.

extension Webhook: ProtobufEvents {
    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .registered(let e): PBWebhookRegistered.with {
            $0.organizer = e.organizer.rawValue
            $0.url = e.url
            $0.topics = e.topics.map(\.rawValue).sorted()
            $0.from = e.from
            $0.at = e.at.rawValue
        }
        case .removed(let e): PBWebhookRemoved.with { $0.at = e.at.rawValue }
        case .delivered(let e): PBWebhookDelivered.with {
            $0.position = e.position
            $0.status = Int64(e.status)
            $0.attempts = Int64(e.attempts)
            $0.at = e.at.rawValue
        }
        case .attemptFailed(let e): PBWebhookAttemptFailed.with {
            $0.position = e.position
            $0.attempt = Int64(e.attempt)
            if let status = e.status { $0.status = Int64(status) }
            $0.reason = e.reason
            $0.retryAt = e.retryAt.rawValue
            $0.at = e.at.rawValue
        }
        case .replayRequested(let e): PBWebhookReplayRequested.with {
            $0.from = e.from
            $0.at = e.at.rawValue
        }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "WebhookRegistered":
            try payload.parse(PBWebhookRegistered.self) { m throws(SchemaMismatch) in
                var topics: Set<WebhookTopic> = []
                for name in m.topics {
                    guard let topic = WebhookTopic(rawValue: name) else { throw SchemaMismatch("\(name) is not a webhook topic") }
                    topics.insert(topic)
                }
                return .registered(WebhookRegistered(organizer: OrganizerID(m.organizer), url: m.url, topics: topics, from: m.from, at: Instant(m.at)))
            }
        case "WebhookRemoved": .removed(WebhookRemoved(at: Instant(try payload.parse(PBWebhookRemoved.self).at)))
        case "WebhookDelivered":
            try payload.parse(PBWebhookDelivered.self) {
                .delivered(WebhookDelivered(position: $0.position, status: Int($0.status), attempts: Int($0.attempts), at: Instant($0.at)))
            }
        case "WebhookAttemptFailed":
            try payload.parse(PBWebhookAttemptFailed.self) {
                .attemptFailed(WebhookAttemptFailed(position: $0.position, attempt: Int($0.attempt), status: $0.hasStatus ? Int($0.status) : nil,
                                                    reason: $0.reason, retryAt: Instant($0.retryAt), at: Instant($0.at)))
            }
        case "WebhookReplayRequested":
            try payload.parse(PBWebhookReplayRequested.self) { .replayRequested(WebhookReplayRequested(from: $0.from, at: Instant($0.at))) }
        default: nil
        }
    }
}
