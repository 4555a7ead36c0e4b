public import Domain
public import EventStore
import Foundation
import Hummingbird

/// A later look at an order that was still unpaid when its hold ended: the gateway may yet capture a payment whose
/// webhook never arrives. `PaymentCheckReactor` reconciles it when due and sets the next check, a minute, ten
/// minutes, an hour, six hours and a day after the hold ended; then the order is left to its webhooks.
public struct PaymentCheckDue: Codable, Sendable, Equatable {
    public var booking: BookingID
    /// Which of `delays` this check is.
    public var attempt: Int

    // NOTE: stored names; renaming one orphans recorded timers.
    public static let type = "PaymentCheckDue"
    public static let category = "paymentcheck"

    /// How long after the previous check (or the hold's end) each check falls due.
    public static let delays: [Duration] = [.seconds(60), .seconds(9 * 60), .seconds(50 * 60), .seconds(5 * 3600), .seconds(18 * 3600)]

    public init(booking: BookingID, attempt: Int) {
        self.booking = booking
        self.attempt = attempt
    }

    /// The check after this one, or `nil` after the last.
    public var next: PaymentCheckDue? {
        attempt + 1 < Self.delays.count ? PaymentCheckDue(booking: booking, attempt: attempt + 1) : nil
    }

    /// The scheduled event, due `delays[attempt]` after `now`. One timer per booking (its schedule id derives from
    /// the booking), moved on by each check; a check handled twice after a crash moves it to the same place.
    func scheduled(after now: Instant) throws(APIError) -> ScheduledEvent {
        let delay = Self.delays[min(attempt, Self.delays.count - 1)]
        let due = Date(timeIntervalSince1970: Double(now.rawValue) / 1000 + Double(delay.components.seconds))
        do {
            return ScheduledEvent(
                id: ScheduleID(DerivedID.uuid(from: "paymentcheck:\(booking.rawValue)")), due: due,
                stream: try StreamName(category: Self.category, id: booking.rawValue),
                event: NewEvent(id: EventID(DerivedID.uuid(from: "paymentcheck:\(booking.rawValue):\(attempt)")), type: Self.type,
                                payload: try JSONEncoder().encode(self)))
        } catch {
            throw APIError(.internalServerError, code: "internal", "the payment check of booking \(booking) could not be scheduled")
        }
    }
}
