public import Domain
public import DomainEvents
public import EventStore
public import Logging
public import Projections
public import ServiceLifecycle

/// Takes each on-sale queue's steps as their timers fire (`QueueTickDue`): the opening, then a batch of admissions
/// a second while anyone waits (`SaleQueues.tick`). A step handled again after a crash admits only what is due by
/// its time, which the first handling already admitted.
public struct SaleQueueReactor: Service {
    // NOTE: checkpoint identity.
    public static let name = "reactor:sale-queues"

    public let log: any EventLog
    public let store: ProjectionStore
    public let queues: SaleQueues
    public let logger: Logger

    public func run() async throws {
        try await CheckpointedFollower(name: Self.name, log: log, store: store).run { page in try await handle(page) }
    }

    public func handle(_ page: [RecordedEvent]) async throws {
        for record in page where record.stream.isIn(category: QueueTickTimer.category) {
            guard let due = try EventEncoding.decode(QueueTickTimer.self, record) else { continue }
            do {
                // The step's own time, not the reactor's: a step handled late admits what was due at its time.
                try await queues.tick(due.show, now: due.at)
            } catch let failure as AppFailure {
                if let unavailable = failure.unavailableStore { throw unavailable }
                logger.error("queue step refused", metadata: ["show": "\(due.show)", "reason": "\(failure)"])
            }
        }
    }

    public init(log: any EventLog, store: ProjectionStore, queues: SaleQueues, logger: Logger) {
        self.log = log
        self.store = store
        self.queues = queues
        self.logger = logger
    }
}
