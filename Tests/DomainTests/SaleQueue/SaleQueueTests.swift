import Domain
import Testing

@Suite("SaleQueue: a fair on-sale queue")
struct SaleQueueTests {
    static let opensAt = noon.adding(.hours(1))
    static let seedHash = [UInt8](repeating: 7, count: 32)
    static let seed = (0..<32).map { UInt8($0 * 7 % 251) }
    let configured = SaleQueue.Event.configured(SaleQueueConfigured(
        settings: SaleQueueSettings(organizer: .o1, opensAt: opensAt, admitPerMinute: 120, passMinutes: 5, seedHash: seedHash), at: noon))

    func arrivals(_ names: [String], from first: Int = 1) -> [SaleQueue.Event] {
        names.enumerated().map { .arrived(QueueArrived(customer: CustomerID($1), number: first + $0, at: noon)) }
    }

    @Test func aQueueIsConfiguredOnceWithSaneSettings() throws {
        let events = try given(SaleQueue.self, []).when(.configure(organizer: .o1, opensAt: Self.opensAt, admitPerMinute: 120, passMinutes: 5,
                                                                      seedHash: Self.seedHash, now: noon))
        #expect(events == [configured])
        #expect(try given(SaleQueue.self, [configured]).when(.configure(organizer: .o1, opensAt: Self.opensAt, admitPerMinute: 120, passMinutes: 5,
                                                                         seedHash: Self.seedHash, now: noon)).isEmpty)
        #expect(throws: SaleQueue.Rejection.alreadyConfigured) {
            try given(SaleQueue.self, [configured]).when(.configure(organizer: .o1, opensAt: Self.opensAt, admitPerMinute: 60, passMinutes: 5,
                                                                     seedHash: Self.seedHash, now: noon))
        }
        for (rate, minutes, hash, problem) in [(0, 5, Self.seedHash, "admitPerMinute must be 1 to 100,000"), (60, 0, Self.seedHash, "passMinutes must be 1 to 60"),
                                               (60, 5, [UInt8](repeating: 1, count: 31), "the seed's hash must be 32 bytes")] {
            #expect(throws: SaleQueue.Rejection.invalidSettings(problem)) {
                try given(SaleQueue.self, []).when(.configure(organizer: .o1, opensAt: Self.opensAt, admitPerMinute: rate, passMinutes: minutes,
                                                              seedHash: hash, now: noon))
            }
        }
        #expect(throws: SaleQueue.Rejection.notConfigured) { try given(SaleQueue.self, []).when(.arrive(customer: .c1, now: noon)) }
    }

    @Test func arrivalsAreNumberedOnceEach() throws {
        #expect(try given(SaleQueue.self, [configured]).when(.arrive(customer: .c1, now: noon)) == arrivals(["customer-1"]))
        #expect(try given(SaleQueue.self, [configured] + arrivals(["customer-1"])).when(.arrive(customer: .c1, now: noon)).isEmpty)
        #expect(try given(SaleQueue.self, [configured] + arrivals(["customer-1"])).when(.arrive(customer: .c2, now: noon))
                == arrivals(["customer-2"], from: 2))
    }

    @Test func theOpeningDrawsTheEarlyArrivalsAndLaterOnesFollowInTheOrderTheyCame() throws {
        let early = (1...20).map { "early-\($0)" }
        let history = [configured] + arrivals(early)
        #expect(throws: SaleQueue.Rejection.notOpenYet(opensAt: Self.opensAt)) {
            try given(SaleQueue.self, history).when(.open(seed: Self.seed, now: Self.opensAt.subtracting(.seconds(1))))
        }
        let opened = try given(SaleQueue.self, history).when(.open(seed: Self.seed, now: Self.opensAt))
        #expect(opened == [.opened(QueueOpened(seed: Self.seed, early: 20, at: Self.opensAt))])
        let late = arrivals(["late-1", "late-2"], from: 21)
        let state = SaleQueue.fold(history + opened + late)
        let drawn = FairOrder.draw(early.map { CustomerID($0) }, seed: Self.seed)
        #expect(state.order == drawn + [CustomerID("late-1"), CustomerID("late-2")])
        #expect(drawn != early.map { CustomerID($0) }, "twenty arrivals drawn into their own order would be a 1 in 20! chance")
        #expect(Set(drawn) == Set(early.map { CustomerID($0) }))
        #expect(state.ahead(of: drawn[0]) == 0 && state.ahead(of: CustomerID("late-2")) == 21)
        #expect(throws: SaleQueue.Rejection.alreadyOpen) { try given(SaleQueue.self, history + opened).when(.open(seed: Self.seed, now: Self.opensAt)) }
    }

    @Test func customersAreAdmittedInOrderInBatchesOnceEach() throws {
        let history = [configured] + arrivals(["a", "b", "c"]) + [.opened(QueueOpened(seed: Self.seed, early: 3, at: Self.opensAt))]
        let order = SaleQueue.fold(history).order
        #expect(throws: SaleQueue.Rejection.notOpen) { try given(SaleQueue.self, [configured]).when(.admit(upTo: 2, now: Self.opensAt)) }
        let first = try given(SaleQueue.self, history).when(.admit(upTo: 2, now: Self.opensAt))
        #expect(first == [.admitted(CustomersAdmitted(customers: Array(order.prefix(2)), passExpiresAt: Self.opensAt.adding(.minutes(5)), at: Self.opensAt))])
        // The same step taken again (another node's, decided again after a conflict) admits nobody more.
        #expect(try given(SaleQueue.self, history + first).when(.admit(upTo: 2, now: Self.opensAt)).isEmpty)
        let rest = try given(SaleQueue.self, history + first).when(.admit(upTo: 7, now: Self.opensAt))
        #expect(rest == [.admitted(CustomersAdmitted(customers: [order[2]], passExpiresAt: Self.opensAt.adding(.minutes(5)), at: Self.opensAt))])
        #expect(try given(SaleQueue.self, history + first + rest).when(.admit(upTo: 9, now: Self.opensAt)).isEmpty)
        let state = SaleQueue.fold(history + first + rest)
        #expect(state.passes.count == 3 && state.waiting == 0 && state.ahead(of: order[0]) == nil)
    }

    @Test func everyOrderOfFourIsAboutEquallyLikelyOverManySeeds() {
        // 24,000 seeds, 24 orders of four: each expected 1,000 times (a standard deviation of about 31).
        var counts: [[Int]: Int] = [:]
        for value in 0..<24_000 {
            var seed = [UInt8](repeating: 0, count: 32)
            for index in 0..<8 { seed[index] = UInt8(truncatingIfNeeded: UInt64(value) >> (8 * UInt64(index))) }
            seed[31] = 1
            counts[FairOrder.draw([0, 1, 2, 3], seed: seed), default: 0] += 1
        }
        #expect(counts.count == 24)
        #expect(counts.values.allSatisfy { (850...1150).contains($0) }, "\(counts.values.sorted())")
        // The same seed draws the same order, which is what lets an auditor check it.
        #expect(FairOrder.draw(Array(0..<50), seed: Self.seed) == FairOrder.draw(Array(0..<50), seed: Self.seed))
    }
}
