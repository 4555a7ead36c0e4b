import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import Projections

/// Cancelling a show: the show records it (no more holds or sales), its screen slot is freed, and every confirmed
/// booking is refunded in full through the gateway and its customer told. Each step is idempotent, so asking again
/// after a failure half-way finishes the job without refunding anyone twice.
struct ShowCancellation: Sendable {
    let log: any EventLog
    let store: ProjectionStore
    let showBookings: ProjectionRunner<ShowBookingsProjection>
    let shows: CommandHandler<Show>
    let screens: CommandHandler<Screen>
    let bookings: CommandHandler<Booking>
    let refunds: Refunds
    let mail: BookingMail

    struct Outcome: Sendable {
        var refunded: [BookingID]
        var position: GlobalPosition
    }

    func cancel(_ show: ShowID, by organizer: OrganizerID, reason: String, now: Instant) async throws -> Outcome {
        let stream = try Show.stream(show)
        let configuration: ShowConfiguration?
        do {
            _ = try await shows.handle(.cancel(by: .organizer(organizer), reason: reason, now: now), on: stream)
            configuration = try await shows.state(of: stream).configuration
        } catch {
            throw APIError(command: error, show: show)
        }
        if let screen = configuration?.details.screen {
            let screenStream = try Screen.stream(screen.screen)
            do {
                _ = try await screens.handle(.releaseSlot(show: show), on: screenStream)
            } catch {
                // A slot already free is fine; the store failing is not.
                if case .store = error { throw APIError.storeUnavailable() }
            }
        }
        // Every booking started before the cancellation is in the index once it has caught up to now.
        let head = try await log.head()
        guard await showBookings.wait(until: head, atMost: .seconds(10)) else { throw APIError.storeUnavailable() }
        let rows: [(BookingID, ShowBookingsProjection.Row)]
        do {
            rows = try ShowBookingsProjection.bookings(of: show, from: store)
        } catch {
            throw APIError.storeUnavailable()
        }
        var refunded: [BookingID] = []
        for (booking, _) in rows {
            let bookingStream = try HoldProcess.bookingStream(booking)
            let state: Booking.State
            do {
                state = try await bookings.state(of: bookingStream)
            } catch {
                throw APIError.storeUnavailable()
            }
            guard state.status == .confirmed else { continue }
            let hadRefund = state.refund != nil
            let outcome = try await refunds.refundShowCancelled(booking, now: now)
            if outcome.state.refund != nil { refunded.append(booking) }
            if !hadRefund { await mail.showCancelled(booking, state: outcome.state, reason: reason) }
        }
        return Outcome(refunded: refunded, position: try await log.head())
    }
}
