/// What an auditor replaying a stream asks of each stored event: could the decider have produced it from the
/// state the earlier events left? `evolve` applies whatever it is given (it must, to replay history), so the
/// rules an event could only break by a bug or a hand-edited log are stated here once more, as checks.
public protocol TransitionCheck: Decider {
    /// Why `event` cannot follow `state`, or `nil` when it can.
    static func impossibility(of event: Event, after state: State) -> String?
}

extension TransitionCheck {
    /// Replays `events` in order; the first impossible one's index and why.
    public static func firstImpossibility(in events: [Event]) -> (index: Int, reason: String)? {
        var state = initialState
        for (index, event) in events.enumerated() {
            if let reason = impossibility(of: event, after: state) { return (index, reason) }
            apply(event, to: &state)
        }
        return nil
    }
}
