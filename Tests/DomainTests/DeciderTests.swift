import Domain
import Testing

/// A two-event counter that exercises the protocol's fold; the real aggregates come with the domain issue.
private enum Turnstile: Decider {
    enum Command: Sendable { case pass(visitor: Int) }
    enum Event: Sendable, Equatable { case passed(visitor: Int) }
    enum Rejection: Error, Equatable { case alreadyPassed(Int) }
    static let initialState: Set<Int> = []

    static func decide(_ command: Command, _ state: Set<Int>) throws(Rejection) -> [Event] {
        switch command {
        case .pass(let visitor): state.contains(visitor) ? [] : [.passed(visitor: visitor)]
        }
    }

    static func evolve(_ state: Set<Int>, _ event: Event) -> Set<Int> {
        switch event {
        case .passed(let visitor): state.union([visitor])
        }
    }
}

@Suite("Domain: the decider protocol")
struct DeciderTests {
    @Test func foldAppliesEveryEventInOrder() {
        #expect(Turnstile.fold([.passed(visitor: 1), .passed(visitor: 2)]) == [1, 2])
    }

    @Test func aCommandThatAlreadyTookEffectDecidesNothing() throws {
        let state = Turnstile.fold([.passed(visitor: 1)])
        #expect(try Turnstile.decide(.pass(visitor: 1), state).isEmpty)
        #expect(try Turnstile.decide(.pass(visitor: 2), state) == [.passed(visitor: 2)])
    }
}
