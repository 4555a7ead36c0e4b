public import Domain
public import DomainEvents
public import EventStore
public import Foundation
public import Logging
public import Projections
public import ServiceLifecycle

/// Turns due `PaymentCheckDue` timers into reconciliations: the gateway is asked what was paid for the booking's
/// order, a payment it captured is settled as verify would settle it, and an order still open gets its next check.
/// Follows the log from its own checkpoint; a check handled twice after a crash asks the gateway twice and settles once.
public struct PaymentCheckReactor: Service {
    // NOTE: checkpoint identity.
    public static let name = "reactor:payment-check"

    public let log: any EventLog
    public let store: ProjectionStore
    public let reconciliation: PaymentReconciliation
    public let logger: Logger

    public func run() async throws {
        try await CheckpointedFollower(name: Self.name, log: log, store: store).run { page in try await handle(page) }
    }

    /// Handles one page of records (the follower then moves the checkpoint past it).
    public func handle(_ page: [RecordedEvent]) async throws {
        for record in page where record.stream.isIn(category: PaymentCheckTimer.category) {
            guard let due = try EventEncoding.decode(PaymentCheckTimer.self, record) else { continue }
            let now = Instant.now()
            let finding = try await reconciliation.reconcile(due.booking, now: now)
            if finding.isOpen, let next = due.next {
                try await log.schedule(try next.scheduled(after: now))
            } else if finding.isOpen {
                logger.notice("an order is still unpaid after its last check; its webhooks alone can settle it now",
                              metadata: ["booking": "\(due.booking)"])
            }
        }
    }

    public init(log: any EventLog, store: ProjectionStore, reconciliation: PaymentReconciliation, logger: Logger) {
        self.log = log
        self.store = store
        self.reconciliation = reconciliation
        self.logger = logger
    }
}
