/// A later look at an order that was still unpaid when its hold ended: the gateway may yet capture a payment whose
/// webhook never arrives. `PaymentCheckReactor` reconciles it when due and sets the next check, a minute, ten
/// minutes, an hour, six hours and a day after the hold ended; then the order is left to its webhooks.
public struct PaymentCheckDue: Codable, Sendable, Equatable {
    public var booking: BookingID
    /// Which of `delays` this check is.
    public var attempt: Int

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

    /// How long after the previous check this one falls due.
    public var delay: Duration { Self.delays[min(max(attempt, 0), Self.delays.count - 1)] }
}

// NOTE: stored names; renaming one orphans recorded timers.
public enum PaymentCheckTimer: TimerCodec {
    public typealias Event = PaymentCheckDue
    public static let category = "paymentcheck"
    public static let type = "PaymentCheckDue"
}
