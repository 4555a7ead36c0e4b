import Domain
import TestSupport
import Testing

/// Random interleavings of holds, releases, expiries, payments (late ones too), refunds and a cancellation over
/// one show: no seat is ever sold twice, availability never goes below zero, sold + held + free = capacity, and
/// the payout equals the sum of confirmed, unrefunded tickets.
@Suite("Domain: random interleavings keep the books straight")
struct InterleavingProperties {
    static let seeds: [UInt64] = Array(1...150)

    @Test(arguments: seeds)
    func aSeatedShow(seed: UInt64) throws {
        var configuration = Sample.seated
        configuration.maxTicketsPerOrder = 3
        try run(seed: seed, configuration: configuration) { random in
            let seats: [SeatID] = [.a1, .a2, .a3, .a4, .a5, .b1, .b2]
            return .seats(Set(seats.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random))))
        }
    }

    @Test(arguments: seeds)
    func aGeneralAdmissionShow(seed: UInt64) throws {
        try run(seed: seed, configuration: Sample.open) { random in
            Bool.random(using: &random)
                ? .tickets([.gold: Int.random(in: 1...3, using: &random)])
                : .tickets([.silver: Int.random(in: 1...4, using: &random), .gold: Int.random(in: 1...2, using: &random)])
        }
    }

    @Test func theRandomRunsReachEveryPath() throws {
        var happened: [String: Int] = [:]
        for seed in Self.seeds.prefix(40) {
            let world = try run(seed: seed, configuration: Sample.seated) { random in
                .seats(Set([SeatID.a1, .a2, .a3, .a4, .a5, .b1, .b2].shuffled(using: &random).prefix(2)))
            }
            happened.merge(world.happened, uniquingKeysWith: +)
        }
        for path in ["ItemsHeld", "HoldReleased", "HoldExpired", "ItemsSold", "ItemsReturned", "ShowCancelled",
                     "BookingConfirmed", "BookingExpired", "RefundRequested", "late sale", "late payment refunded"] {
            #expect(happened[path, default: 0] > 0, "no run reached \(path): \(happened)")
        }
    }

    @discardableResult
    private func run(
        seed: UInt64, configuration: ShowConfiguration, request: (inout SeededRandom) -> Show.HoldRequest
    ) throws -> BookingWorld {
        var random = SeededRandom(seed: seed)
        var world = BookingWorld(configuration)
        let customers = (1...6).map { CustomerID("customer-\($0)") }
        for step in 0..<250 {
            let known = world.bookings.keys.sorted()
            let pick = known.randomElement(using: &random)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<35: world.hold(request(&random), customer: customers.randomElement(using: &random)!)
            case 35..<43: if let pick { world.order(pick) }
            case 43..<55: if let pick { world.pay(pick) }
            case 55..<62: if let pick { world.release(pick) }
            case 62..<80: world.advance(minutes: Int.random(in: 1...6, using: &random)); world.expireDue()
            case 80..<92: if let pick { world.refund(pick) }
            case 92..<93: if step > 150 { world.cancelShow() }
            default: world.advance(minutes: 1)
            }
            try checkInvariants(world, configuration: configuration, seed: seed, step: step)
        }
        // What the deciders wrote, an auditor's replay finds possible (the checks raise no false alarms).
        #expect(Show.firstImpossibility(in: world.showHistory) == nil, "seed \(seed)")
        for (booking, history) in world.bookingHistories {
            #expect(Booking.firstImpossibility(in: history) == nil, "seed \(seed), \(booking)")
        }
        return world
    }

    private func checkInvariants(_ world: BookingWorld, configuration: ShowConfiguration, seed: UInt64, step: Int) throws {
        let show = world.show
        let context = Comment(rawValue: "seed \(seed), step \(step)")
        switch configuration.inventory {
        case .seated(let seated):
            var owner: [SeatID: BookingID] = [:]
            for (booking, sale) in show.sales {
                guard case .seats(let seats) = sale.items else { continue }
                for seat in seats {
                    #expect(owner[seat] == nil, "seat \(seat) sold twice", sourceLocation: #_sourceLocation)
                    owner[seat] = booking
                }
            }
            for (booking, hold) in show.holds {
                guard case .seats(let seats) = hold.items else { continue }
                for seat in seats { #expect(owner[seat] == nil, "seat \(seat) both held and sold (\(booking)); \(context)") ; owner[seat] = booking }
            }
            let free = seated.seats.count - owner.count
            #expect(free >= 0 && owner.count + free == seated.seats.count, context)
            #expect(Set(owner.keys) == Set(show.seatTakenBy.keys), context)
        case .categories(let categories):
            for category in categories {
                let held = show.holds.values.reduce(0) { $0 + (ticketCount(of: category.id, in: $1.items)) }
                let sold = show.sales.values.reduce(0) { $0 + (ticketCount(of: category.id, in: $1.items)) }
                let available = show.available(category.id)
                #expect(available >= 0, "availability of \(category.id) below zero; \(context)")
                #expect(held + sold + available == category.capacity, "held + sold + free ≠ capacity; \(context)")
                #expect(held == show.heldCounts[category.id] ?? 0 && sold == show.soldCounts[category.id] ?? 0, context)
            }
        }
        // The show's sales are exactly the bookings confirmed and not refunded.
        let kept = Set(world.bookings.filter { $0.value.isSoldAndKept }.keys)
        #expect(kept == Set(show.sales.keys), context)
        // The payout equals the sum of confirmed, unrefunded tickets.
        let figures = try Settlement.figures(for: world.bookings.values)
        let expectedNet = try Money.sum(world.bookings.values.filter(\.isSoldAndKept).compactMap { $0.terms?.price.base })
        #expect(figures.netPayable == expectedNet, context)
        #expect(figures.tickets == show.soldTicketCount, context)
        #expect(try figures.gross.subtracting(figures.refunds).subtracting(figures.platformFees) == figures.netPayable, context)
    }

    private func ticketCount(of category: CategoryID, in items: Items) -> Int {
        if case .tickets(let counts) = items { return counts[category] ?? 0 }
        return 0
    }
}
