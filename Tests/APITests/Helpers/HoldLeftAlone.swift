import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Testing

/// A hold on demo-seated taken long enough ago that it expires in `expiresIn`, written as a server writes one (the
/// show's hold, the booking started with its terms, the expiry timer scheduled), for tests of what a timer does.
struct HoldLeftAlone {
    let held: ItemsHeld
    /// Where the show's hold was appended.
    let position: GlobalPosition
    let show: StreamName
    let booking: StreamName
    let timer: ScheduledEvent

    static func take(_ seat: String, booking: String, expiresIn: Duration, log: any EventLog) async throws -> HoldLeftAlone {
        // Holds last 10 minutes.
        let heldAt = Instant.now().subtracting(.seconds(600) - expiresIn)
        let show = try Show.stream(ShowID("demo-seated"))
        let handler = CommandHandler<Show>(log: log)
        let outcome = try await handler.handle(
            .hold(.seats([SeatID(seat)]), booking: BookingID(booking), customer: DemoData.customer, now: heldAt), on: show)
        guard case .appended(let events, let appended) = outcome, case .itemsHeld(let held)? = events.first else {
            throw HoldNotTaken(outcome: "\(outcome)")
        }
        let state = try await handler.state(of: show)
        let terms = BookingTerms(show: ShowID("demo-seated"), customer: DemoData.customer, items: held.items,
                                 price: try #require(try state.price(of: held.items)), expiresAt: held.expiresAt,
                                 refundPolicy: .standard, schedule: try #require(state.configuration).schedule)
        let bookingStream = try Booking.stream(held.booking)
        _ = try await CommandHandler<Booking>(log: log).handle(.start(terms), on: bookingStream)
        let timer = try HoldExpiryDue(show: ShowID("demo-seated"), booking: held.booking, expiresAt: held.expiresAt).scheduled()
        try await log.schedule(timer)
        return HoldLeftAlone(held: held, position: appended.lastPosition, show: show, booking: bookingStream, timer: timer)
    }

    struct HoldNotTaken: Error, CustomStringConvertible {
        let outcome: String
        var description: String { "the hold was not appended: \(outcome)" }
    }
}
