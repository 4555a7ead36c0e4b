public import Domain
public import DomainEvents
public import EventStore
public import Projections

/// Settles an ended show into its payout: the show's bookings, each read from its own stream (the bookings
/// projection only says which they are), through the domain's settlement rule.
public struct PayoutSettlement: Sendable {
    public let store: ProjectionStore
    public let showBookings: ProjectionRunner<ShowBookingsProjection>
    public let shows: CommandHandler<Show>
    public let bookings: CommandHandler<Booking>
    public let payouts: CommandHandler<Payout>


    public func settle(_ show: ShowID, after position: GlobalPosition, now: Instant) async throws {
        // Every booking of the show started before its end was recorded; the index must have seen them all.
        guard await showBookings.wait(until: position, atMost: .seconds(30)) else {
            throw SettlementDelayed(show: show)
        }
        let ids = try ShowBookingsProjection.bookings(of: show, from: store).map(\.0)
        var states: [Booking.State] = []
        for id in ids {
            states.append(try await bookings.state(of: try Booking.stream(id)))
        }
        let showState = try await shows.state(of: try Show.stream(show))
        guard let organizer = showState.configuration?.organizer else { return }
        let figures = try Settlement.figures(for: states)
        _ = try await payouts.handle(.settle(show: show, organizer: organizer, figures: figures, now: now), on: try Payout.stream(show))
    }

    public init(store: ProjectionStore, showBookings: ProjectionRunner<ShowBookingsProjection>, shows: CommandHandler<Show>, bookings: CommandHandler<Booking>, payouts: CommandHandler<Payout>) {
        self.store = store
        self.showBookings = showBookings
        self.shows = shows
        self.bookings = bookings
        self.payouts = payouts
    }
}

/// The bookings index lagged too far behind to settle now; the reactor stops and retries from its checkpoint.
public struct SettlementDelayed: Error, CustomStringConvertible {
    public let show: ShowID
    public var description: String { "the bookings of show \(show) are not indexed yet; settlement will be retried" }

    public init(show: ShowID) {
        self.show = show
    }
}
