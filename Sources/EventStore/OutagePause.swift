/// How long a follower of a shared log waits before trying again while the log is `.unavailable` (its database
/// restarting): 100 ms, doubling with each failure up to 2 s. The subscription, the scheduler and the reactors use it.
public struct OutagePause: Sendable {
    public private(set) var current = Duration.zero

    public init() {}

    /// The next pause, longer than the last.
    public mutating func next() -> Duration {
        current = Swift.min(Swift.max(current * 2, .milliseconds(100)), .seconds(2))
        return current
    }

    /// The log answered again: the next outage starts short.
    public mutating func reset() { current = .zero }
}
