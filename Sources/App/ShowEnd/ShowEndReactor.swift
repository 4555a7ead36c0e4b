public import Domain
public import DomainEvents
public import EventStore
public import Foundation
public import Logging
public import Projections
public import ServiceLifecycle

/// Keeps each show's end in the scheduler and acts when it comes: follows the log from its own checkpoint; an
/// approved or re-timed show (re)schedules its `ShowEndDue`, a cancelled one voids it, and a due end ends the show
/// and settles its payout. Every step is idempotent, so a record handled twice after a crash changes nothing.
public struct ShowEndReactor: Service {
    // NOTE: checkpoint identity.
    public static let name = "reactor:show-end"

    public let log: any EventLog
    public let store: ProjectionStore
    public let shows: CommandHandler<Show>
    public let settlement: PayoutSettlement
    public let logger: Logger

    public func run() async throws {
        try await CheckpointedFollower(name: Self.name, log: log, store: store).run { page in try await handle(page) }
    }

    public func handle(_ page: [RecordedEvent]) async throws {
        for record in page {
            if record.stream.isIn(category: Show.category) {
                try await follow(record)
            } else if record.stream.isIn(category: ShowEndTimer.category),
                      let due = try EventEncoding.decode(ShowEndTimer.self, record) {
                try await end(due, at: record.position)
            }
        }
    }

    /// Schedules, moves or voids the show's end as its lifecycle changes.
    private func follow(_ record: RecordedEvent) async throws {
        guard let event = try EventEncoding.decode(Show.self, record) else { return }
        let show = ShowID(record.stream.id)
        switch event {
        case .approved, .rescheduled:
            let state = try await showState(show)
            guard state.status == .approved, let end = state.configuration?.schedule.end else { return }
            try await log.schedule(ShowEndDue(show: show, endsAt: end).scheduled())
        case .cancelled:
            _ = try await log.cancelSchedule(ShowEndDue.scheduleID(show))
        default:
            return
        }
    }

    private func end(_ due: ShowEndDue, at position: GlobalPosition) async throws {
        let stream = try Show.stream(due.show)
        do {
            _ = try await shows.handle(.end(now: due.endsAt), on: stream)
        } catch {
            if case .store(let failure) = error { throw failure }
            // A show re-timed after this timer was set refuses to end early; its new timer will come.
            logger.info("show end refused", metadata: ["show": "\(due.show)", "reason": "\(error)"])
            return
        }
        try await settlement.settle(due.show, after: position, now: due.endsAt)
    }

    private func showState(_ show: ShowID) async throws -> Show.State {
        try await shows.state(of: try Show.stream(show))
    }

    public init(log: any EventLog, store: ProjectionStore, shows: CommandHandler<Show>, settlement: PayoutSettlement, logger: Logger) {
        self.log = log
        self.store = store
        self.shows = shows
        self.settlement = settlement
        self.logger = logger
    }
}
