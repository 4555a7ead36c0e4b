import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Logging
import Projections
import Synchronization
import Testing
import TestSupport

/// Waiting lists through the processes the server runs, over an in-memory log: a small seated show sold out, its
/// list, and the reactor that offers what frees up, driven record by record so every step can be checked.
@Suite("App: waiting lists offer what frees up to the first in line")
struct WaitlistOffersTests {
    static let tiny = ShowID("tiny")
    static let seats = ["A1", "A2", "A3", "A4"].map { SeatID($0) }

    /// A show of four seats in one row (no screen: adjacency by seat names), ten-minute holds, on sale.
    final class World: Sendable {
        let log = InMemoryEventLog()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-waitlist-\(UUID().uuidString)")
        let now = Instant.now()
        let shows: CommandHandler<Show>
        let bookings: CommandHandler<Booking>
        let lists: CommandHandler<WaitingList>
        let gateway: SandboxGateway
        let booking: BookingProcesses
        let offers: WaitlistOffers
        let reactor: WaitlistReactor
        let expiries: HoldExpiryReactor
        /// How far the reactors have handled the log.
        let handled = Mutex<GlobalPosition>(.start)

        init() async throws {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            shows = CommandHandler<Show>(log: log)
            bookings = CommandHandler<Booking>(log: log)
            lists = CommandHandler<WaitingList>(log: log)
            gateway = try await SandboxGateway(signatures: PaymentSignatures(keySecret: "key", webhookSecret: "webhook"),
                                               journal: scratch.appendingPathComponent("journal.jsonl"))
            let logger = Logger(label: "waitlist-tests")
            booking = BookingProcesses(log: log, shows: shows, bookings: bookings, customers: CommandHandler<Customer>(log: log),
                                       gateway: gateway, mailer: OutboxMailer(directory: scratch.appendingPathComponent("outbox")), logger: logger)
            offers = WaitlistOffers(holds: booking.holds, lists: lists)
            let store = try ProjectionStore(path: scratch.appendingPathComponent("views").path, durable: false)
            reactor = WaitlistReactor(log: log, store: store, offers: offers, logger: logger)
            expiries = HoldExpiryReactor(log: log, store: store, shows: shows, bookings: bookings, reconciliation: booking.reconciliation,
                                         logger: logger)
            let configuration = ShowConfiguration(
                organizer: OrganizerID("organizer-1"), kind: .seating, details: ShowDetails(title: "Tiny", city: "Pune"),
                schedule: ShowSchedule(start: now.adding(.hours(48)), end: now.adding(.hours(51))),
                inventory: .seated(SeatedInventory(seats: Dictionary(uniqueKeysWithValues: WaitlistOffersTests.seats.map { ($0, "regular") }),
                                                   pricing: .flat(.major(100)))))
            let stream = try Show.stream(WaitlistOffersTests.tiny)
            for command: Show.Command in [.draft(configuration), .submit(by: OrganizerID("organizer-1")), .approve(by: AdminID("admin-1"))] {
                _ = try await shows.handle(command, on: stream)
            }
            let head = try await log.head()
            handled.withLock { $0 = head }
        }

        deinit { try? FileManager.default.removeItem(at: scratch) }

        /// The reactors handle everything appended since they last looked, until nothing new is appended.
        func react(now: Instant? = nil) async throws {
            while true {
                let from = handled.withLock { $0 }
                let page = try await log.read(from: GlobalPosition(from.rawValue + 1), limit: 1000)
                guard let last = page.last else { return }
                handled.withLock { $0 = last.position }
                try await expiries.handle(page)
                try await reactor.handle(page, now: now ?? self.now)
            }
        }

        func join(_ customer: String, _ count: Int) async throws {
            _ = try await lists.handle(.join(customer: CustomerID(customer), wish: .seats(count: count, seatType: nil), now: now),
                                       on: try WaitingList.stream(WaitlistOffersTests.tiny))
        }

        func hold(_ customer: String, _ labels: [String]) async throws -> HoldProcess.Held {
            try await booking.holds.hold(.seats(Set(labels.map { SeatID($0) })), show: WaitlistOffersTests.tiny, customer: CustomerID(customer), now: now)
        }

        func list() async throws -> WaitingList.State { try await lists.state(of: try WaitingList.stream(WaitlistOffersTests.tiny)) }
        func show() async throws -> Show.State { try await shows.state(of: try Show.stream(WaitlistOffersTests.tiny)) }

        /// Fires every hold timer due by `date` and lets the reactors handle what that wrote.
        func expire(asOf instant: Instant) async throws {
            _ = try await log.appendDue(asOf: Date(timeIntervalSince1970: Double(instant.rawValue) / 1000 + 1), limit: 1000)
            try await react()
        }
    }

    @Test func aFreedSeatGoesToTheFirstInLineAndTheRestToTheNextWhoseWishFits() async throws {
        let world = try await World()
        let x = try await world.hold("x", ["A1", "A2", "A3", "A4"])
        try await world.join("c1", 2)
        try await world.join("c2", 1)
        try await world.join("c3", 3)
        try await world.react()
        #expect(try await world.list().entries.allSatisfy { $0.offer == nil }, "sold out: nothing to offer")

        _ = try await world.booking.holds.release(x.booking, show: Self.tiny, customer: CustomerID("x"), now: world.now)
        try await world.react()
        let list = try await world.list()
        let show = try await world.show()
        // c1 first (two seats side by side), then c2 (one); c3's three no longer fit.
        let c1 = try #require(list.entry(of: CustomerID("c1"))?.offer)
        let c2 = try #require(list.entry(of: CustomerID("c2"))?.offer)
        #expect(list.entry(of: CustomerID("c3"))?.offer == nil && list.place(of: CustomerID("c3")) == 1)
        #expect(show.holds[c1]?.customer == CustomerID("c1") && show.holds[c1]?.items == .seats([SeatID("A1"), SeatID("A2")]))
        #expect(show.holds[c2]?.customer == CustomerID("c2") && show.holds[c2]?.items.count == 1)
        // Each offer is a booking in the customer's name, as any hold.
        #expect(try await world.bookings.state(of: Booking.stream(c1)).terms?.customer == CustomerID("c1"))
    }

    @Test func anIgnoredOfferMovesOnAfterItsTimeAndABoughtOneEndsTheWait() async throws {
        let world = try await World()
        let x = try await world.hold("x", ["A1", "A2", "A3", "A4"])
        try await world.join("c1", 4)
        try await world.join("c2", 4)
        _ = try await world.booking.holds.release(x.booking, show: Self.tiny, customer: CustomerID("x"), now: world.now)
        try await world.react()
        let first = try #require(try await world.list().entry(of: CustomerID("c1"))?.offer)
        let expiresAt = try #require(try await world.bookings.state(of: Booking.stream(first)).terms?.expiresAt)
        #expect(expiresAt == world.now.adding(.minutes(10)), "the offer lasts as long as the show's holds")

        // c1 lets the time pass: the hold expires, c1 leaves the list, the seats go to c2.
        try await world.expire(asOf: expiresAt)
        var list = try await world.list()
        #expect(list.entry(of: CustomerID("c1")) == nil)
        let second = try #require(list.entry(of: CustomerID("c2"))?.offer)
        #expect(try await world.show().holds[second]?.customer == CustomerID("c2"))
        let lapsed = try await world.log.history(of: WaitingList.stream(Self.tiny)).map(\.type)
        #expect(lapsed == ["WaitlistJoined", "WaitlistJoined", "WaitlistOffered", "WaitlistOfferLapsed", "WaitlistOffered"])

        // c2 pays: the offer is taken and c2's wait is over.
        let order = try await world.booking.checkout.order(for: second, customer: CustomerID("c2"), now: world.now)
        let payment = try await world.gateway.pay(order.order.id, succeed: true)
        _ = try await world.booking.checkout.confirm(second, order: order.order.id, payment: payment.paymentID, now: world.now)
        try await world.react()
        list = try await world.list()
        #expect(list.entries.isEmpty)
        #expect(try await world.log.history(of: WaitingList.stream(Self.tiny)).last?.type == "WaitlistOfferTaken")
    }

    @Test func aRefundFeedsTheList() async throws {
        let world = try await World()
        let sold = try await world.hold("x", ["A1", "A2", "A3", "A4"])
        let order = try await world.booking.checkout.order(for: sold.booking, customer: CustomerID("x"), now: world.now)
        let payment = try await world.gateway.pay(order.order.id, succeed: true)
        _ = try await world.booking.checkout.confirm(sold.booking, order: order.order.id, payment: payment.paymentID, now: world.now)
        try await world.join("c1", 2)
        try await world.react()
        #expect(try await world.list().entry(of: CustomerID("c1"))?.offer == nil)

        _ = try await world.booking.refunds.cancel(sold.booking, customer: CustomerID("x"), now: world.now)
        try await world.react()
        let offer = try #require(try await world.list().entry(of: CustomerID("c1"))?.offer)
        #expect(try await world.show().holds[offer]?.items.count == 2)
    }

    /// Random interleavings of customers joining and leaving, holding and letting go, paying, refunds, holds
    /// expiring and the reactors catching up at random moments. After every step: every open offer is a hold of its
    /// own customer on the show, no seat is in two holds (so never offered to two people at once), and no customer
    /// has two offers. Whenever the reactors have caught up: no seat stands free while a waiting customer's wish
    /// fits what is free.
    @Test(arguments: 0..<12)
    func noSeatIsOfferedToTwoPeopleAndNoFreeSeatWaitsWhileSomeoneItFitsWaits(seed: UInt64) async throws {
        let world = try await World()
        var random = SeededRandom(seed: seed)
        var clock = world.now
        var paid: [String: BookingID] = [:]
        let people = (1...8).map { "p\($0)" }
        for _ in 0..<60 {
            let person = people[Int.random(in: 0..<people.count, using: &random)]
            let customer = CustomerID(person)
            switch Int.random(in: 0..<7, using: &random) {
            case 0, 1:
                _ = try? await world.lists.handle(.join(customer: customer, wish: .seats(count: Int.random(in: 1...3, using: &random), seatType: nil),
                                                         now: clock), on: try WaitingList.stream(Self.tiny))
            case 2:
                let taken = try await world.show().seatTakenBy
                let free = Self.seats.filter { taken[$0] == nil }
                if !free.isEmpty {
                    let pick = free.shuffled(using: &random).prefix(Int.random(in: 1...min(2, free.count), using: &random))
                    _ = try? await world.hold(person, pick.map(\.rawValue))
                }
            case 3:
                // Let go of whatever this person holds (an offer included).
                if let booking = try await world.show().holdOfCustomer[customer] {
                    _ = try? await world.booking.holds.release(booking, show: Self.tiny, customer: customer, now: clock)
                }
            case 4:
                if let booking = try await world.show().holdOfCustomer[customer],
                   let order = try? await world.booking.checkout.order(for: booking, customer: customer, now: clock),
                   let payment = try? await world.gateway.pay(order.order.id, succeed: true),
                   (try? await world.booking.checkout.confirm(booking, order: order.order.id, payment: payment.paymentID, now: clock)) != nil {
                    paid[person] = booking
                }
            case 5:
                if let booking = paid.removeValue(forKey: person) {
                    _ = try? await world.booking.refunds.cancel(booking, customer: customer, now: clock)
                }
            default:
                clock = clock.adding(.minutes(Int.random(in: 1...12, using: &random)))
                try await world.expire(asOf: clock)
            }
            if Bool.random(using: &random) {
                try await world.react(now: clock)
                try await expectNoFreeSeatWaits(world, seed: seed)
            }
            try await expectOffersAreHolds(world, seed: seed)
        }
        try await world.react(now: clock)
        try await expectOffersAreHolds(world, seed: seed)
        try await expectNoFreeSeatWaits(world, seed: seed)
        let history = try await world.log.history(of: WaitingList.stream(Self.tiny)).map(\.type)
        print("waiting list seed \(seed): \(history.count { $0 == "WaitlistJoined" }) joined, \(history.count { $0 == "WaitlistOffered" }) offered, "
            + "\(history.count { $0 == "WaitlistOfferLapsed" }) lapsed, \(history.count { $0 == "WaitlistOfferTaken" }) taken")
    }

    /// Once the reactors have caught up, nobody waiting could be offered what is free.
    private func expectNoFreeSeatWaits(_ world: World, seed: UInt64) async throws {
        let list = try await world.list()
        let show = try await world.show()
        #expect(list.candidates(on: show).isEmpty,
                "seed \(seed): \(show.freeSeatsByType) free while \(list.candidates(on: show).map(\.entry.customer)) wait")
    }

    private func expectOffersAreHolds(_ world: World, seed: UInt64) async throws {
        let list = try await world.list()
        let show = try await world.show()
        var seen: Set<SeatID> = []
        for entry in list.entries {
            guard let offer = entry.offer else { continue }
            // An offer whose hold has just ended (bought, let go, expired) stays open until the reactors handle the end.
            guard let hold = show.holds[offer] else { continue }
            #expect(hold.customer == entry.customer, "seed \(seed): \(offer) offered to \(entry.customer) is held by \(hold.customer)")
            if case .seats(let seats) = hold.items {
                #expect(seen.isDisjoint(with: seats), "seed \(seed): a seat offered twice")
                seen.formUnion(seats)
            }
        }
        #expect(Set(list.entries.compactMap(\.offer)).count == list.entries.compactMap(\.offer).count, "seed \(seed): one offer per entry")
    }
}
