/// The pure core of an aggregate: no I/O, no clock, no randomness. Time and ids come in with the command.
public protocol Decider {
    associatedtype Command: Sendable
    associatedtype Event: Sendable & Equatable
    associatedtype State: Sendable
    associatedtype Rejection: Error & Equatable
    /// The state before the first event.
    static var initialState: State { get }
    /// The events a command produces in a state; `[]` when it already took effect, a rejection when it breaks a rule.
    static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event]
    /// The state after an event. Never fails: the event already happened.
    static func evolve(_ state: State, _ event: Event) -> State
    /// `evolve` in place. A decider whose state holds collections that grow with use (a show's holds) implements
    /// it so that a long-lived state gains an event without being copied.
    static func apply(_ event: Event, to state: inout State)
}

extension Decider {
    public static func apply(_ event: Event, to state: inout State) {
        state = evolve(state, event)
    }

    /// The state after a history of events, each applied in place (through `evolve` each would copy the state).
    public static func fold(_ events: some Sequence<Event>) -> State {
        events.reduce(into: initialState) { state, event in apply(event, to: &state) }
    }
}
