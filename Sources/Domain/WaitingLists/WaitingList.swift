/// A sold-out show's waiting list: customers in the order they joined, each wanting a number of seats (of a seat
/// type, if they chose one) or of tickets of a category. When seats or tickets free up (a hold expires or is let
/// go, a refund returns them), the platform offers them to the first in line whose wish they can meet, as a hold in
/// that customer's name made in the same commit as the offer; the hold's own expiry is the offer's time limit. An
/// offer bought ends the customer's wait; an offer that lapses (the hold expired or was let go) drops the customer
/// from the list, and what it freed goes to the next in line. One stream per show, under the show's id.
public enum WaitingList: Decider {
    public static let initialState = State()
    /// At most this many seats or tickets per wish, as per hold.
    public static let largestWish = 10
    /// At most this many customers wait on one show: the list is one stream's state.
    public static let longestList = 10_000

    public enum Command: Sendable, Equatable {
        case join(customer: CustomerID, wish: WaitlistWish, now: Instant)
        case leave(customer: CustomerID, now: Instant)
        /// `booking` holds what is offered, in the customer's name: written in the same commit, and the offer lasts
        /// as long as that hold (the show's hold time).
        case offer(customer: CustomerID, booking: BookingID, now: Instant)
        /// The offered booking was bought.
        case offerTaken(booking: BookingID, now: Instant)
        /// The offered hold ended unbought: expired, or let go by the customer.
        case offerLapsed(booking: BookingID, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyWaiting
        case notWaiting
        /// The wish's count is outside 1…`largestWish`.
        case invalidCount(Int)
        case listFull
        /// The customer has an offer open already: one at a time.
        case alreadyOffered
        case noSuchOffer
    }

    public struct State: Sendable, Equatable {
        /// Everyone waiting or holding an offer, in the order they joined.
        public var entries: [WaitlistEntry] = []
        /// The number the next to join gets (numbers are never reused, so a place in line is comparable over time).
        public var nextNumber: Int = 1
        public init() {}

        public func entry(of customer: CustomerID) -> WaitlistEntry? { entries.first { $0.customer == customer } }
        public func entry(offered booking: BookingID) -> WaitlistEntry? { entries.first { $0.offer == booking } }

        /// The customer's place among those still waiting for an offer (1 is next), `nil` when not waiting.
        public func place(of customer: CustomerID) -> Int? {
            var place = 0
            for entry in entries where entry.offer == nil {
                place += 1
                if entry.customer == customer { return place }
            }
            return nil
        }

        public var waitingCount: Int { entries.count { $0.offer == nil } }
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .join(customer, wish, now):
            if let existing = state.entry(of: customer) {
                if existing.wish == wish && existing.offer == nil { return [] }
                throw .alreadyWaiting
            }
            guard (1...largestWish).contains(wish.count) else { throw .invalidCount(wish.count) }
            guard state.entries.count < longestList else { throw .listFull }
            return [.joined(WaitlistJoined(customer: customer, wish: wish, number: state.nextNumber, at: now))]
        case let .leave(customer, now):
            guard state.entry(of: customer) != nil else { throw .notWaiting }
            return [.left(WaitlistLeft(customer: customer, at: now))]
        case let .offer(customer, booking, now):
            guard let entry = state.entry(of: customer) else { throw .notWaiting }
            if entry.offer == booking { return [] }
            guard entry.offer == nil else { throw .alreadyOffered }
            return [.offered(WaitlistOffered(customer: customer, booking: booking, at: now))]
        case let .offerTaken(booking, now):
            guard let entry = state.entry(offered: booking) else { throw .noSuchOffer }
            return [.offerTaken(WaitlistOfferEnded(customer: entry.customer, booking: booking, at: now))]
        case let .offerLapsed(booking, now):
            guard let entry = state.entry(offered: booking) else { throw .noSuchOffer }
            return [.offerLapsed(WaitlistOfferEnded(customer: entry.customer, booking: booking, at: now))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        apply(event, to: &state)
        return state
    }

    /// In place: a list of thousands gains each event without being copied.
    public static func apply(_ event: Event, to state: inout State) {
        switch event {
        case .joined(let joined):
            state.entries.append(WaitlistEntry(customer: joined.customer, wish: joined.wish, number: joined.number, joinedAt: joined.at))
            state.nextNumber = joined.number + 1
        case .left(let left):
            state.entries.removeAll { $0.customer == left.customer }
        case .offered(let offered):
            if let index = state.entries.firstIndex(where: { $0.customer == offered.customer }) {
                state.entries[index].offer = offered.booking
            }
        case .offerTaken(let ended), .offerLapsed(let ended):
            state.entries.removeAll { $0.offer == ended.booking }
        }
    }

    /// What happened to a show's waiting list: the storage contract of the `waitlist` stream category.
    public enum Event: Sendable, Equatable {
        case joined(WaitlistJoined)
        case left(WaitlistLeft)
        case offered(WaitlistOffered)
        case offerTaken(WaitlistOfferEnded)
        case offerLapsed(WaitlistOfferEnded)
    }
}

/// What a customer on a waiting list wants: seats (of one type, or any) of a seated show, or tickets of one
/// category of an open or online show.
public enum WaitlistWish: Hashable, Sendable, Codable {
    case seats(count: Int, seatType: String?)
    case tickets(count: Int, category: CategoryID)

    public var count: Int {
        switch self {
        case .seats(let count, _), .tickets(let count, _): count
        }
    }
}

public struct WaitlistEntry: Sendable, Equatable {
    public var customer: CustomerID
    public var wish: WaitlistWish
    public var number: Int
    public var joinedAt: Instant
    /// The booking holding what was offered to this customer, while the offer is open.
    public var offer: BookingID?
}
