public import Domain
public import DomainEvents
public import EventStore

/// Support issues as admins work through them: who raised what, when, with which image, and how it was resolved.
public struct SupportIssuesProjection: Projection {
    public struct View: Codable, Sendable, Equatable {
        public var raisedBy: Actor
        public var subject: String
        public var description: String
        public var image: String?
        public var raisedAt: Instant
        public var resolution: String?
        public var resolvedAt: Instant?
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "support-issues"
    /// 2: views compact-encoded instead of JSON.
    public static let version = 2

    public init() {}

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        guard case .supportIssue(let event)? = event else { return }
        try views.update(record.stream.id) { view in
            switch event {
            case .raised(let raised):
                view = View(raisedBy: raised.by, subject: raised.subject, description: raised.description, image: raised.image, raisedAt: raised.at)
            case .resolved(let resolved):
                view?.resolution = resolved.note
                view?.resolvedAt = resolved.at
            }
        }
    }
}
