import Domain
import Testing

@Suite("WaitingList: a sold-out show's line")
struct WaitingListTests {
    static let two = WaitlistWish.seats(count: 2, seatType: nil)
    static let onePremium = WaitlistWish.seats(count: 1, seatType: "premium")
    let c1Joined = WaitingList.Event.joined(WaitlistJoined(customer: .c1, wish: two, number: 1, at: noon))
    let c2Joined = WaitingList.Event.joined(WaitlistJoined(customer: .c2, wish: onePremium, number: 2, at: noon))

    @Test func customersJoinInOrderWithNumbersThatAreNeverReused() throws {
        #expect(try given(WaitingList.self, []).when(.join(customer: .c1, wish: Self.two, now: noon)) == [c1Joined])
        let left = WaitingList.Event.left(WaitlistLeft(customer: .c1, at: noon))
        // c1 left: the next to join is number 3, not 1 again.
        let joined = try given(WaitingList.self, [c1Joined, c2Joined, left]).when(.join(customer: .c3, wish: Self.two, now: noon))
        #expect(joined == [.joined(WaitlistJoined(customer: .c3, wish: Self.two, number: 3, at: noon))])
        let state = WaitingList.fold([c1Joined, c2Joined, left] + joined)
        #expect(state.place(of: .c2) == 1 && state.place(of: .c3) == 2 && state.place(of: .c1) == nil)
    }

    @Test func joiningTwiceIsAcceptedOnceAndAWishIsOneToTen() throws {
        #expect(try given(WaitingList.self, [c1Joined]).when(.join(customer: .c1, wish: Self.two, now: noon)).isEmpty)
        #expect(throws: WaitingList.Rejection.alreadyWaiting) {
            try given(WaitingList.self, [c1Joined]).when(.join(customer: .c1, wish: Self.onePremium, now: noon))
        }
        for count in [0, -1, 11] {
            #expect(throws: WaitingList.Rejection.invalidCount(count)) {
                try given(WaitingList.self, []).when(.join(customer: .c1, wish: .tickets(count: count, category: .gold), now: noon))
            }
        }
        #expect(throws: WaitingList.Rejection.notWaiting) { try given(WaitingList.self, [c2Joined]).when(.leave(customer: .c1, now: noon)) }
    }

    @Test func anOfferIsOneAtATimeAndEndsTheWaitWhetherTakenOrLapsed() throws {
        let offered = try given(WaitingList.self, [c1Joined, c2Joined]).when(.offer(customer: .c1, booking: .b1, now: noon))
        #expect(offered == [.offered(WaitlistOffered(customer: .c1, booking: .b1, at: noon))])
        let history = [c1Joined, c2Joined] + offered
        // The same offer again (a retried commit) is nothing new; a second one while the first is open is refused.
        #expect(try given(WaitingList.self, history).when(.offer(customer: .c1, booking: .b1, now: noon)).isEmpty)
        #expect(throws: WaitingList.Rejection.alreadyOffered) {
            try given(WaitingList.self, history).when(.offer(customer: .c1, booking: .b2, now: noon))
        }
        // While c1's offer is open, c2 is first among those waiting.
        #expect(WaitingList.fold(history).place(of: .c2) == 1)
        let lapsed = try given(WaitingList.self, history).when(.offerLapsed(booking: .b1, now: noon))
        #expect(lapsed == [.offerLapsed(WaitlistOfferEnded(customer: .c1, booking: .b1, at: noon))])
        #expect(WaitingList.fold(history + lapsed).entry(of: .c1) == nil)
        let taken = try given(WaitingList.self, history).when(.offerTaken(booking: .b1, now: noon))
        #expect(taken == [.offerTaken(WaitlistOfferEnded(customer: .c1, booking: .b1, at: noon))])
        #expect(throws: WaitingList.Rejection.noSuchOffer) {
            try given(WaitingList.self, history + taken).when(.offerLapsed(booking: .b1, now: noon))
        }
    }

    @Test func theFirstInLineWhoseWishFitsIsAskedFirstAndHoldersArePassedOver() {
        // Seven seats: A1–A5 regular, B1–B2 premium. All taken but A1, A2 and B2.
        var show = Show.fold(Sample.onSale(Sample.seated) + [
            Sample.held(.b1, .c3, .seats([.a3, .a4, .a5, .b1])),
        ])
        let list = WaitingList.fold([
            .joined(WaitlistJoined(customer: .c1, wish: .seats(count: 3, seatType: nil), number: 1, at: noon)),
            .joined(WaitlistJoined(customer: .c2, wish: Self.onePremium, number: 2, at: noon)),
            .joined(WaitlistJoined(customer: .c3, wish: Self.two, number: 3, at: noon)),
            .joined(WaitlistJoined(customer: CustomerID("customer-4"), wish: Self.two, number: 4, at: noon)),
        ])
        // c1 wants three of the three free: first. c2 fits the premium B2. c3 holds seats already: passed over.
        let asked = list.candidates(on: show).map { $0.entry.customer }
        #expect(asked == [.c1, .c2, CustomerID("customer-4")])
        #expect(list.candidates(on: show).first?.request == .best(count: 3, seatType: nil, layout: nil))
        // With A1 taken too, c1's three do not fit any more: c2 is first, then customer-4's two (A2 and B2).
        show = Show.evolve(show, Sample.held(.b2, CustomerID("customer-5"), .seats([.a1])))
        #expect(list.candidates(on: show).map { $0.entry.customer } == [.c2, CustomerID("customer-4")])
        // A show not on sale offers nothing.
        #expect(list.candidates(on: Show.fold([.drafted(ShowDrafted(configuration: Sample.seated))])).isEmpty)
    }

    @Test func ticketsOfACategoryAreOfferedWhenThatCategoryHasThem() {
        let show = Show.fold(Sample.onSale(Sample.open) + [Sample.held(.b1, .c3, .tickets([.gold: 4]))])
        let list = WaitingList.fold([
            .joined(WaitlistJoined(customer: .c1, wish: .tickets(count: 2, category: .gold), number: 1, at: noon)),
            .joined(WaitlistJoined(customer: .c2, wish: .tickets(count: 1, category: .gold), number: 2, at: noon)),
        ])
        #expect(list.candidates(on: show).map { $0.entry.customer } == [.c2])
        #expect(list.candidates(on: show).first?.request == .tickets([.gold: 1]))
    }
}
