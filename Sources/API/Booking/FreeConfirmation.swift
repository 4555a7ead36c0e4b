import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird

/// A hold that costs nothing is confirmed without a payment: the show sells the items, then the booking issues
/// one ticket per seat or unit. Both steps are idempotent, so a retry after a failure half-way finishes the job.
struct FreeConfirmation: Sendable {
    let shows: CommandHandler<Show>
    let bookings: CommandHandler<Booking>

    struct Confirmed: Sendable {
        var tickets: [IssuedTicket]
        var position: GlobalPosition
    }

    func confirm(_ booking: BookingID, show: ShowID, customer: CustomerID, items: Items, now: Instant) async throws -> Confirmed {
        let showStream = try Show.stream(show)
        let sold: CommandOutcome<Show.Event>
        do {
            sold = try await shows.handle(.sell(booking: booking, customer: customer, items: items, now: now), on: showStream)
        } catch {
            throw APIError(command: error, show: show)
        }
        let tickets = (0..<items.count).map { _ in TicketID("ticket-\(UUID.random().uuidString.lowercased())") }
        let bookingStream = try HoldProcess.bookingStream(booking)
        let outcome: CommandOutcome<Booking.Event>
        do {
            outcome = try await bookings.handle(.confirmFree(tickets: tickets, now: now), on: bookingStream)
        } catch {
            switch error {
            case .rejected(let rejection): throw APIError(.conflict, code: "not_confirmable", "the booking cannot be confirmed: \(rejection)")
            case .store, .encoding, .alongside, .tooManyConflicts: throw APIError.storeUnavailable()
            }
        }
        guard case .appended(let events, let confirmedAt) = outcome, case .confirmed(let confirmed)? = events.first else {
            throw APIError(.conflict, code: "already_confirmed", "the booking was already confirmed")
        }
        let soldAt: GlobalPosition = if case .appended(_, let at) = sold { at.lastPosition } else { .start }
        return Confirmed(tickets: confirmed.tickets, position: max(soldAt, confirmedAt.lastPosition))
    }
}
