/// A show's on-sale queue: customers who arrive before the sale opens are put in a fair random order when it opens
/// (every early arrival has the same chance of every place, whatever the moment they came); those who arrive after
/// it follow in the order they came. Customers are admitted in that order, a batch at a time at the queue's rate, and
/// each admission carries the time its pass to hold runs out. The draw is checkable: the queue commits to the hash
/// of a secret seed when it is configured and reveals the seed when it opens, so an auditor can recompute the order
/// (`FairOrder`) from the arrivals and the seed, and nobody could have known it before the arrivals closed.
/// One stream per show, under the show's id.
public enum SaleQueue: Decider {
    public static let initialState = State()
    /// At most this many customers in one queue: the queue is one stream's state.
    public static let longestQueue = 1_000_000

    public enum Command: Sendable, Equatable {
        /// `seedHash`: SHA-256 of the seed `open` will reveal (computed outside the domain, which has no hashing).
        case configure(organizer: OrganizerID, opensAt: Instant, admitPerMinute: Int, passMinutes: Int, seedHash: [UInt8], now: Instant)
        case arrive(customer: CustomerID, now: Instant)
        /// Reveals the seed and draws the early arrivals' order; the caller has checked it against `seedHash`.
        case open(seed: [UInt8], now: Instant)
        /// Admits the next customers in order until `total` have been admitted, each with a pass until `now` + the
        /// pass time. A total, not a count: two nodes taking the same step (a conflict, decided again) admit once.
        case admit(upTo: Int, now: Instant)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyConfigured
        case notConfigured
        case notTheOrganizer
        /// A rate of 1 to 100,000 admissions a minute, passes of 1 to 60 minutes, a 32-byte seed hash.
        case invalidSettings(String)
        case queueFull
        case notOpenYet(opensAt: Instant)
        case alreadyOpen
        case notOpen
    }

    public struct State: Sendable, Equatable {
        public var settings: SaleQueueSettings?
        public var opened = false
        /// When the queue opened: admissions are paced from here.
        public var openedAt: Instant?
        public var seed: [UInt8] = []
        /// Everyone who arrived, in the order they came, with their arrival number (from 1).
        public var arrivals: [CustomerID] = []
        public var arrivalNumber: [CustomerID: Int] = [:]
        /// How many arrived before the opening (the first `earlyCount` of `arrivals`).
        public var earlyCount = 0
        /// The admission order once open: the early arrivals drawn, then the later ones as they came.
        public var order: [CustomerID] = []
        /// Where each customer is in `order`.
        public var place: [CustomerID: Int] = [:]
        /// How many of `order` have been admitted.
        public var admittedCount = 0
        /// When each admitted customer's pass runs out.
        public var passes: [CustomerID: Instant] = [:]
        public init() {}

        /// How many are ahead of `customer` (0: next), `nil` when not queued, already admitted, or before the draw.
        public func ahead(of customer: CustomerID) -> Int? {
            guard let index = place[customer], index >= admittedCount else { return nil }
            return index - admittedCount
        }

        /// How many wait to be admitted (after the opening).
        public var waiting: Int { order.count - admittedCount }
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .configure(organizer, opensAt, admitPerMinute, passMinutes, seedHash, now):
            guard state.settings == nil else {
                if state.settings == SaleQueueSettings(organizer: organizer, opensAt: opensAt, admitPerMinute: admitPerMinute,
                                                       passMinutes: passMinutes, seedHash: seedHash) { return [] }
                throw .alreadyConfigured
            }
            guard (1...100_000).contains(admitPerMinute) else { throw .invalidSettings("admitPerMinute must be 1 to 100,000") }
            guard (1...60).contains(passMinutes) else { throw .invalidSettings("passMinutes must be 1 to 60") }
            guard seedHash.count == 32 else { throw .invalidSettings("the seed's hash must be 32 bytes") }
            return [.configured(SaleQueueConfigured(settings: SaleQueueSettings(organizer: organizer, opensAt: opensAt, admitPerMinute: admitPerMinute,
                                                                             passMinutes: passMinutes, seedHash: seedHash), at: now))]
        case let .arrive(customer, now):
            guard state.settings != nil else { throw .notConfigured }
            if state.arrivalNumber[customer] != nil { return [] }
            guard state.arrivals.count < longestQueue else { throw .queueFull }
            return [.arrived(QueueArrived(customer: customer, number: state.arrivals.count + 1, at: now))]
        case let .open(seed, now):
            guard let settings = state.settings else { throw .notConfigured }
            guard !state.opened else { throw .alreadyOpen }
            guard now >= settings.opensAt else { throw .notOpenYet(opensAt: settings.opensAt) }
            return [.opened(QueueOpened(seed: seed, early: state.arrivals.count, at: now))]
        case let .admit(total, now):
            guard let settings = state.settings else { throw .notConfigured }
            guard state.opened else { throw .notOpen }
            let next = Array(state.order[state.admittedCount..<max(state.admittedCount, min(state.order.count, total))])
            if next.isEmpty { return [] }
            return [.admitted(CustomersAdmitted(customers: next, passExpiresAt: now.adding(.minutes(settings.passMinutes)), at: now))]
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
        case .configured(let configured):
            state.settings = configured.settings
        case .arrived(let arrived):
            state.arrivals.append(arrived.customer)
            state.arrivalNumber[arrived.customer] = arrived.number
            if state.opened {
                state.place[arrived.customer] = state.order.count
                state.order.append(arrived.customer)
            }
        case .opened(let opened):
            state.opened = true
            state.openedAt = opened.at
            state.seed = opened.seed
            state.earlyCount = opened.early
            state.order = FairOrder.draw(Array(state.arrivals.prefix(opened.early)), seed: opened.seed) + state.arrivals.dropFirst(opened.early)
            state.place = Dictionary(uniqueKeysWithValues: state.order.enumerated().map { ($1, $0) })
        case .admitted(let admitted):
            state.admittedCount += admitted.customers.count
            for customer in admitted.customers { state.passes[customer] = admitted.passExpiresAt }
        }
    }

    public enum Event: Sendable, Equatable {
        case configured(SaleQueueConfigured)
        case arrived(QueueArrived)
        case opened(QueueOpened)
        case admitted(CustomersAdmitted)
    }
}

public struct SaleQueueSettings: Hashable, Sendable, Codable {
    public var organizer: OrganizerID
    public var opensAt: Instant
    public var admitPerMinute: Int
    public var passMinutes: Int
    /// SHA-256 of the seed the opening reveals.
    public var seedHash: [UInt8]

    public init(organizer: OrganizerID, opensAt: Instant, admitPerMinute: Int, passMinutes: Int, seedHash: [UInt8]) {
        self.organizer = organizer
        self.opensAt = opensAt
        self.admitPerMinute = admitPerMinute
        self.passMinutes = passMinutes
        self.seedHash = seedHash
    }
}
