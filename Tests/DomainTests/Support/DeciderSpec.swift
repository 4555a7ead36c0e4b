import Domain

/// Given-when-then over any Decider: history in, new events or a rejection out.
struct DeciderSpec<D: Decider> {
    let history: [D.Event]
    var state: D.State { D.fold(history) }

    func when(_ command: D.Command) throws(D.Rejection) -> [D.Event] {
        try D.decide(command, state)
    }

    /// Decides `command`, folds its events in, decides it again: a command that took effect must decide nothing.
    func decidesNothingTwice(_ command: D.Command) throws(D.Rejection) -> Bool {
        let first = try D.decide(command, state)
        let after = first.reduce(state, D.evolve)
        return try D.decide(command, after).isEmpty
    }
}

func given<D: Decider>(_: D.Type, _ history: D.Event...) -> DeciderSpec<D> { DeciderSpec(history: history) }
func given<D: Decider>(_: D.Type, _ history: [D.Event]) -> DeciderSpec<D> { DeciderSpec(history: history) }
