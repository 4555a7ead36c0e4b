import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import Projections

/// `/api/organizer/webhooks`: an organizer's endpoints — registered (the answer carries the signing secret),
/// listed with how far delivery has got, each one's attempts, replayed from a log position, and removed.
struct WebhooksController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let webhooksView: ProjectionRunner<WebhooksProjection>
    let webhooks: CommandHandler<Webhook>
    let signing: WebhookSigning

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/organizer/webhooks") { request, _ -> Registered in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let body = try await request.json(RegisterBody.self)
            var topics: Set<WebhookTopic> = []
            for name in body.topics {
                guard let topic = WebhookTopic(rawValue: name) else {
                    throw APIError.invalidBody("field topics: \(name) is not one of \(WebhookTopic.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                topics.insert(topic)
            }
            let id = WebhookID("webhook-\(UUID.random().lowercasedText)")
            let from = try await head()
            let position = try await run(.register(organizer: organizer, url: body.url, topics: topics, from: from, now: .now()), id)
            return Registered(webhookId: id.rawValue, url: body.url, topics: topics.map(\.rawValue).sorted(), from: from,
                              secret: signing.secret(of: id), position: position)
        }
        router.get("api/organizer/webhooks") { request, _ -> List in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            try await ReadYourWrites(log: log).await(request, webhooksView)
            let views: [WebhooksProjection.Endpoint]
            do {
                views = try WebhooksProjection.webhooks(of: organizer, from: store)
            } catch {
                throw APIError.storeUnavailable()
            }
            return List(webhooks: views.filter { !$0.removed }.map { Item($0, secret: signing.secret(of: $0.id)) },
                        position: webhooksView.position.rawValue)
        }
        router.get("api/organizer/webhooks/:webhookId/deliveries") { request, context -> Deliveries in
            let (_, id) = try await own(request, context)
            let stream = try Webhook.stream(id)
            let records: [RecordedEvent]
            do {
                // The newest 1,000 outcomes at most: an endpoint that failed for days has many.
                let version = try await log.version(of: stream)?.rawValue ?? 0
                records = try await log.read(stream: stream, from: StreamVersion(version > 1000 ? version - 1000 : 0), direction: .forwards, limit: 1001)
            } catch {
                throw APIError.storeUnavailable()
            }
            var attempts: [Deliveries.Attempt] = []
            for record in records {
                switch try EventEncoding.decode(Webhook.self, record) {
                case .delivered(let delivered)?:
                    attempts.append(.init(position: delivered.position, outcome: "delivered", attempt: delivered.attempts, status: delivered.status,
                                          reason: nil, retryAt: nil, at: delivered.at.rawValue))
                case .attemptFailed(let failed)?:
                    attempts.append(.init(position: failed.position, outcome: "failed", attempt: failed.attempt, status: failed.status,
                                          reason: failed.reason, retryAt: failed.retryAt.rawValue, at: failed.at.rawValue))
                case .replayRequested(let replay)?:
                    attempts.append(.init(position: replay.from, outcome: "replay", attempt: nil, status: nil, reason: nil, retryAt: nil,
                                          at: replay.at.rawValue))
                default: break
                }
            }
            return Deliveries(webhookId: id.rawValue, attempts: attempts)
        }
        router.post("api/organizer/webhooks/:webhookId/replay") { request, context -> Changed in
            let (organizer, id) = try await own(request, context)
            let body = try await request.json(ReplayBody.self)
            guard body.from >= 0 else { throw APIError.invalidBody("field from must be a log position, 0 or more") }
            let position = try await run(.replay(from: UInt64(body.from), by: organizer, now: .now()), id)
            return Changed(webhookId: id.rawValue, position: position)
        }
        router.delete("api/organizer/webhooks/:webhookId") { request, context -> Changed in
            let (organizer, id) = try await own(request, context)
            let position = try await run(.remove(by: organizer, now: .now()), id)
            return Changed(webhookId: id.rawValue, position: position)
        }
    }

    /// The webhook named in the path, which must be the caller's own (another organizer's is a 404, as one that
    /// does not exist: its existence is not theirs to learn).
    private func own(_ request: Request, _ context: some RequestContext) async throws -> (OrganizerID, WebhookID) {
        let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
        let id = WebhookID(try context.parameters.id("webhookId"))
        guard let stream = try? Webhook.stream(id) else { throw APIError.notFound("webhook \(id)") }
        let state: Webhook.State
        do {
            state = try await webhooks.state(of: stream)
        } catch {
            throw APIError.storeUnavailable()
        }
        guard state.organizer == organizer, !state.removed else { throw APIError.notFound("webhook \(id)") }
        return (organizer, id)
    }

    private func head() async throws -> UInt64 {
        do {
            return try await log.head().rawValue
        } catch {
            throw APIError.storeUnavailable()
        }
    }

    private func run(_ command: Webhook.Command, _ id: WebhookID) async throws -> UInt64? {
        guard let stream = try? Webhook.stream(id) else { throw APIError.notFound("webhook \(id)") }
        do {
            return try await webhooks.handle(command, on: stream).lastPosition?.rawValue
        } catch {
            throw APIError(error) { APIError(webhook: $0, id: id.rawValue) }
        }
    }

    struct RegisterBody: Decodable {
        var url: String
        var topics: [String]
    }

    struct ReplayBody: Decodable {
        var from: Int64
    }

    struct Registered: ResponseEncodable {
        var webhookId: String
        var url: String
        var topics: [String]
        /// Records after this log position are delivered.
        var from: UInt64
        /// The key deliveries are signed with (`TktPlz-Signature`); shown to the endpoint's organizer only.
        var secret: String
        var position: UInt64?
    }

    struct Item: Encodable {
        var webhookId: String
        var url: String
        var topics: [String]
        var secret: String
        var deliveredThrough: UInt64
        var failures: Int
        var lastStatus: Int?
        var lastError: String?
        var retryAt: Int64?
        var registeredAt: Int64

        init(_ view: WebhooksProjection.Endpoint, secret: String) {
            webhookId = view.id.rawValue
            url = view.url
            topics = view.topics.map(\.rawValue)
            self.secret = secret
            deliveredThrough = view.deliveredThrough
            failures = view.failures
            lastStatus = view.lastStatus
            lastError = view.lastError
            retryAt = view.retryAt?.rawValue
            registeredAt = view.registeredAt.rawValue
        }
    }

    struct List: ResponseEncodable {
        var webhooks: [Item]
        var position: UInt64
    }

    struct Deliveries: ResponseEncodable {
        struct Attempt: Encodable {
            var position: UInt64
            /// `delivered`, `failed` or `replay` (delivering again after `position`).
            var outcome: String
            var attempt: Int?
            var status: Int?
            var reason: String?
            var retryAt: Int64?
            var at: Int64
        }
        var webhookId: String
        var attempts: [Attempt]
    }

    struct Changed: ResponseEncodable {
        var webhookId: String
        var position: UInt64?
    }
}
