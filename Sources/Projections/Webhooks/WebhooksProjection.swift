public import Domain
public import DomainEvents
public import EventStore

/// Every organizer's webhook endpoints as they stand: where, for which topics, how far delivery has got and how the
/// last attempt went. Read by the organizer's list and by the deliveries, which go over every endpoint.
///
/// Keys: `organizer\u{1}webhook` (an organizer's endpoints together), `\u{2}webhook` (whose it is: later events
/// do not name the organizer).
public struct WebhooksProjection: Projection {
    /// One stored row: an endpoint, or whose endpoint an id is.
    public enum View: Codable, Sendable, Equatable {
        case endpoint(Endpoint)
        case owner(OrganizerID)
    }

    public struct Endpoint: Codable, Sendable, Equatable {
        public var id: WebhookID
        public var organizer: OrganizerID
        public var url: String
        /// Sorted by name.
        public var topics: [WebhookTopic]
        public var removed: Bool
        public var deliveredThrough: UInt64
        /// Failed attempts at the next record, the last one's answer, and when the next attempt may be made.
        public var failures: Int
        public var lastStatus: Int?
        public var lastError: String?
        public var retryAt: Instant?
        public var registeredAt: Instant
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "webhooks"
    /// 2: owner rows are their own case, not an endpoint with empty fields.
    public static let version = 2

    public init() {}

    static func key(_ organizer: OrganizerID, _ id: WebhookID) -> String { "\(organizer.rawValue)\u{1}\(id.rawValue)" }
    static func ownerKey(_ id: WebhookID) -> String { "\u{2}\(id.rawValue)" }

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        guard case .webhook(let event)? = event else { return }
        let id = WebhookID(record.stream.id)
        if case .registered(let registered) = event {
            let endpoint = Endpoint(id: id, organizer: registered.organizer, url: registered.url,
                                    topics: registered.topics.sorted { $0.rawValue < $1.rawValue }, removed: false,
                                    deliveredThrough: registered.from, failures: 0, registeredAt: registered.at)
            views.set(Self.key(registered.organizer, id), .endpoint(endpoint))
            views.set(Self.ownerKey(id), .owner(registered.organizer))
            return
        }
        guard case .owner(let organizer)? = try views.view(Self.ownerKey(id)),
              case .endpoint(var view)? = try views.view(Self.key(organizer, id))
        else { return }
        switch event {
        case .registered: break
        case .removed: view.removed = true
        case .delivered(let delivered):
            view.deliveredThrough = delivered.position
            view.failures = 0
            view.lastStatus = delivered.status
            view.lastError = nil
            view.retryAt = nil
        case .attemptFailed(let failed):
            view.failures = failed.attempt
            view.lastStatus = failed.status
            view.lastError = failed.reason
            view.retryAt = failed.retryAt
        case .replayRequested(let replay):
            view.deliveredThrough = replay.from
            view.failures = 0
            view.retryAt = nil
        }
        views.set(Self.key(organizer, id), .endpoint(view))
    }

    /// The endpoints of `organizer`, removed ones included, by id.
    public static func webhooks(of organizer: OrganizerID, from store: ProjectionStore) throws(EventStoreError) -> [Endpoint] {
        try store.views(Self.self, prefix: "\(organizer.rawValue)\u{1}").compactMap { if case .endpoint(let endpoint) = $0.view { endpoint } else { nil } }
    }

    /// Every endpoint not removed, of every organizer.
    public static func active(from store: ProjectionStore) throws(EventStoreError) -> [Endpoint] {
        try store.views(Self.self, prefix: "").compactMap { if case .endpoint(let endpoint) = $0.view, !endpoint.removed { endpoint } else { nil } }
    }
}
