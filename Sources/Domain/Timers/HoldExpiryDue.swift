/// A hold's expiry falling due: `HoldExpiryReactor` asks the show and the booking to expire the hold. They decide
/// whether it still applies (a paid or released hold decides nothing), so the timer itself never changes a seat.
public struct HoldExpiryDue: Codable, Sendable, Equatable {
    public var show: ShowID
    public var booking: BookingID
    public var expiresAt: Instant

    public init(show: ShowID, booking: BookingID, expiresAt: Instant) {
        self.show = show
        self.booking = booking
        self.expiresAt = expiresAt
    }
}

// NOTE: stored names; renaming one orphans recorded timers.
public enum HoldExpiryTimer: TimerCodec {
    public typealias Event = HoldExpiryDue
    public static let category = "holdtimer"
    public static let type = "HoldExpiryDue"
}
