/// What `verify` found: how much it checked and, if the log is damaged, the first bad position and why.
public struct LogVerification: Sendable, Equatable {
    /// Records checked.
    public var records: UInt64
    /// Distinct streams seen.
    public var streams: Int
    /// The first problem, or `nil` when every check passed.
    public var problem: Problem?

    /// A broken invariant at one position.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// Where the log first goes wrong.
        public var position: GlobalPosition
        /// Which invariant broke there.
        public var reason: String

        public var description: String { "position \(position): \(reason)" }
    }

    public init(records: UInt64, streams: Int, problem: Problem?) {
        self.records = records
        self.streams = streams
        self.problem = problem
    }

    /// Whether every check passed.
    public var isIntact: Bool { problem == nil }
}
