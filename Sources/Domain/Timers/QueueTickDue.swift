/// An on-sale queue's next step falling due: at its opening (reveal the seed, draw the early arrivals), then every
/// second while anyone waits (admit the next batch). One timer per show, moved on by each tick; `SaleQueueReactor`
/// takes each step.
public struct QueueTickDue: Codable, Sendable, Equatable {
    public var show: ShowID
    public var at: Instant

    public init(show: ShowID, at: Instant) {
        self.show = show
        self.at = at
    }
}

// NOTE: stored names; renaming one orphans recorded timers.
public enum QueueTickTimer: TimerCodec {
    public typealias Event = QueueTickDue
    public static let category = "queuetick"
    public static let type = "QueueTickDue"
}
