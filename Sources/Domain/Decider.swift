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
}

extension Decider {
    /// The state after a history of events.
    public static func fold(_ events: some Sequence<Event>) -> State {
        events.reduce(initialState, evolve)
    }
}
