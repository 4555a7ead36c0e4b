public import Domain
public import DomainEvents
public import EventStore
public import Foundation

/// A hold that costs nothing is confirmed without a payment: the show sells the items, then the booking issues
/// one ticket per seat or unit. Both steps are idempotent, so a retry after a failure half-way finishes the job.
public struct FreeConfirmation: Sendable {
    public let shows: CommandHandler<Show>
    public let bookings: CommandHandler<Booking>

    public struct Confirmed: Sendable {
        public var tickets: [IssuedTicket]
        public var position: GlobalPosition

        public init(tickets: [IssuedTicket], position: GlobalPosition) {
            self.tickets = tickets
            self.position = position
        }
    }

    public func confirm(_ booking: BookingID, show: ShowID, customer: CustomerID, items: Items, now: Instant) async throws -> Confirmed {
        let showStream = try Show.stream(show)
        let sold: CommandOutcome<Show.Event>
        do {
            sold = try await shows.handle(.sell(booking: booking, customer: customer, items: items, now: now), on: showStream)
        } catch {
            throw AppFailure(error, show: show)
        }
        let tickets = (0..<items.count).map { _ in TicketID("ticket-\(UUID.random().lowercasedText)") }
        let bookingStream = try Booking.stream(booking)
        let outcome: CommandOutcome<Booking.Event>
        do {
            outcome = try await bookings.handle(.confirmFree(tickets: tickets, now: now), on: bookingStream)
        } catch {
            switch error {
            case .rejected(let rejection): throw AppFailure.notConfirmable(rejection)
            case .store, .encoding, .alongside, .tooManyConflicts: throw AppFailure.storeUnavailable
            }
        }
        guard case .appended(let events, let confirmedAt) = outcome, case .confirmed(let confirmed)? = events.first else {
            throw AppFailure.alreadyConfirmed
        }
        let soldAt: GlobalPosition = if case .appended(_, let at) = sold { at.lastPosition } else { .start }
        return Confirmed(tickets: confirmed.tickets, position: max(soldAt, confirmedAt.lastPosition))
    }

    public init(shows: CommandHandler<Show>, bookings: CommandHandler<Booking>) {
        self.shows = shows
        self.bookings = bookings
    }
}
