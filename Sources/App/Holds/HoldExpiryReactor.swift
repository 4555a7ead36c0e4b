public import Domain
public import DomainEvents
public import EventStore
public import Foundation
public import Logging
public import Projections
public import ServiceLifecycle

/// Turns due hold timers into `Show.expireHold` and `Booking.expire`, written in one commit. It follows the log from its own checkpoint (kept in the
/// projection store); expiring is idempotent, so a timer handled twice after a crash changes nothing.
public struct HoldExpiryReactor: Service {
    // NOTE: checkpoint identity.
    public static let name = "reactor:hold-expiry"

    public let log: any EventLog
    public let store: ProjectionStore
    public let shows: CommandHandler<Show>
    public let bookings: CommandHandler<Booking>
    /// Asked before an ordered hold expires: a payment the gateway captured but nobody reported is settled first.
    public let reconciliation: PaymentReconciliation
    public let logger: Logger
    private var ending: HoldEnding { HoldEnding(log: log, shows: shows, bookings: bookings) }

    public func run() async throws {
        try await CheckpointedFollower(name: Self.name, log: log, store: store).run { page in try await handle(page) }
    }

    /// Handles one page of records (the follower then moves the checkpoint past it).
    public func handle(_ page: [RecordedEvent]) async throws {
        for record in page where record.stream.isIn(category: HoldExpiryTimer.category) {
            guard let due = try EventEncoding.decode(HoldExpiryTimer.self, record) else { continue }
            // Both sides in one commit. A refused expiry (the booking never existed, as for a hold refused after its
            // timer was set) is logged and passed over: the timer's only job was to ask. Store failures stop the
            // reactor, which resumes from its checkpoint; expiring decides nothing the second time.
            let (_, checks) = try await reconciliation.beforeEnding(due.booking, now: .now())
            do {
                _ = try await ending.end(due.booking, of: due.show, bookingCommand: .expire(now: due.expiresAt),
                                         showCommand: .expireHold(booking: due.booking, now: due.expiresAt), schedules: checks)
            } catch {
                switch error {
                case .store(let failure), .booking(.store(let failure)), .show(.store(let failure)): throw failure
                case .booking(.rejected(.noSuchBooking)):
                    // A log written before holds were one commit may hold a show's hold without its booking.
                    try await expireShowSide(of: due)
                case .booking, .show:
                    logger.debug("hold expiry refused", metadata: ["booking": "\(due.booking)", "reason": "\(error)"])
                }
            }
        }
    }

    private func expireShowSide(of due: HoldExpiryDue) async throws {
        let stream = try Show.stream(due.show)
        do {
            _ = try await shows.handle(.expireHold(booking: due.booking, now: due.expiresAt), on: stream)
        } catch {
            if case .store(let failure) = error { throw failure }
            logger.debug("hold expiry refused by the show", metadata: ["booking": "\(due.booking)", "reason": "\(error)"])
        }
    }

    public init(log: any EventLog, store: ProjectionStore, shows: CommandHandler<Show>, bookings: CommandHandler<Booking>, reconciliation: PaymentReconciliation, logger: Logger) {
        self.log = log
        self.store = store
        self.shows = shows
        self.bookings = bookings
        self.reconciliation = reconciliation
        self.logger = logger
    }
}
