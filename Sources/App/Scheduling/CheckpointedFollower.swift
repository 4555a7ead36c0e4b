public import EventStore
public import Projections
public import ServiceLifecycle

/// A reactor's way through the log: from its own checkpoint (kept in the projection store), a page at a time, the
/// checkpoint moved past each page once it is handled, until graceful shutdown. Handling must be idempotent: a page
/// handled just before a crash is handled again after it.
public struct CheckpointedFollower: Sendable {
    /// The checkpoint's name. NOTE: checkpoint identity; renaming one replays the whole log through its reactor.
    public let name: String
    public let log: any EventLog
    public let store: ProjectionStore

    public func run(_ handle: @escaping @Sendable ([RecordedEvent]) async throws -> Void) async throws {
        let (name, log, store) = (name, log, store)
        try await cancelWhenGracefulShutdown {
            let start = try store.checkpoint(of: name)?.position ?? .start
            for try await page in log.subscribe(after: start) {
                try await Self.handling(page, handle)
                if let last = page.last { try await store.saveCheckpoint(Checkpoint(version: 1, position: last.position), of: name) }
            }
        }
    }

    /// Handles a page, again after a pause while the log is unavailable (a shared log's database restarting):
    /// a follower must outlive an outage, and handling a page twice decides nothing the second time. Any other
    /// failure stops the follower, which resumes from its checkpoint when the server starts again.
    private static func handling(_ page: [RecordedEvent], _ handle: @Sendable ([RecordedEvent]) async throws -> Void) async throws {
        var outage = OutagePause()
        while true {
            do {
                return try await handle(page)
            } catch let error as EventStoreError where error.code == .unavailable && !Task.isCancelled {
                try await Task.sleep(for: outage.next())
            }
        }
    }

    public init(name: String, log: any EventLog, store: ProjectionStore) {
        self.name = name
        self.log = log
        self.store = store
    }
}
