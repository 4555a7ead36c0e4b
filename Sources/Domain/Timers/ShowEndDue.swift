/// A show's end falling due: scheduled when the show is approved, moved when it is re-timed, void when it is
/// cancelled; `ShowEndReactor` ends the show and settles its payout.
public struct ShowEndDue: Codable, Sendable, Equatable {
    public var show: ShowID
    public var endsAt: Instant

    public init(show: ShowID, endsAt: Instant) {
        self.show = show
        self.endsAt = endsAt
    }
}

// NOTE: stored names; renaming one orphans recorded timers.
public enum ShowEndTimer: TimerCodec {
    public typealias Event = ShowEndDue
    public static let category = "showend"
    public static let type = "ShowEndDue"
}
