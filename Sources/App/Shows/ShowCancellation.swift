public import Domain
public import DomainEvents
public import EventStore
public import Foundation
public import Projections

/// Cancelling a show: the show records it (no more holds or sales), its screen slot is freed, and every confirmed
/// booking is refunded in full through the gateway and its customer told. Each step is idempotent, so asking again
/// after a failure half-way finishes the job without refunding anyone twice.
public struct ShowCancellation: Sendable {
    public let log: any EventLog
    public let store: ProjectionStore
    public let showBookings: ProjectionRunner<ShowBookingsProjection>
    public let shows: CommandHandler<Show>
    public let screens: CommandHandler<Screen>
    public let bookings: CommandHandler<Booking>
    public let refunds: Refunds
    public let mail: BookingMail

    public struct Outcome: Sendable {
        public var refunded: [BookingID]
        public var position: GlobalPosition

        public init(refunded: [BookingID], position: GlobalPosition) {
            self.refunded = refunded
            self.position = position
        }
    }

    public func cancel(_ show: ShowID, by organizer: OrganizerID, reason: String, now: Instant) async throws -> Outcome {
        let stream = try Show.stream(show)
        let configuration: ShowConfiguration?
        do {
            _ = try await shows.handle(.cancel(by: .organizer(organizer), reason: reason, now: now), on: stream)
            configuration = try await shows.state(of: stream).configuration
        } catch {
            throw AppFailure(error, show: show)
        }
        if let screen = configuration?.details.screen {
            let screenStream = try Screen.stream(screen.screen)
            do {
                _ = try await screens.handle(.releaseSlot(show: show), on: screenStream)
            } catch {
                // A slot already free is fine; the store failing is not.
                if case .store = error { throw AppFailure.storeUnavailable }
            }
        }
        // Every booking started before the cancellation is in the index once it has caught up to now.
        let head = try await log.head()
        guard await showBookings.wait(until: head, atMost: .seconds(10)) else { throw AppFailure.storeUnavailable }
        let rows: [(BookingID, ShowBookingsProjection.Row)]
        do {
            rows = try ShowBookingsProjection.bookings(of: show, from: store)
        } catch {
            throw AppFailure.storeUnavailable
        }
        var refunded: [BookingID] = []
        for (booking, _) in rows {
            let bookingStream = try Booking.stream(booking)
            let state: Booking.State
            do {
                state = try await bookings.state(of: bookingStream)
            } catch {
                throw AppFailure.storeUnavailable
            }
            guard state.status == .confirmed else { continue }
            let hadRefund = state.refund != nil
            let outcome = try await refunds.refundShowCancelled(booking, now: now)
            if outcome.state.refund != nil { refunded.append(booking) }
            if !hadRefund { await mail.showCancelled(booking, state: outcome.state, reason: reason) }
        }
        return Outcome(refunded: refunded, position: try await log.head())
    }

    public init(log: any EventLog, store: ProjectionStore, showBookings: ProjectionRunner<ShowBookingsProjection>, shows: CommandHandler<Show>, screens: CommandHandler<Screen>, bookings: CommandHandler<Booking>, refunds: Refunds, mail: BookingMail) {
        self.log = log
        self.store = store
        self.showBookings = showBookings
        self.shows = shows
        self.screens = screens
        self.bookings = bookings
        self.refunds = refunds
        self.mail = mail
    }
}
