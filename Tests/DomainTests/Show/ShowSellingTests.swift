import Domain
import Testing

@Suite("Show: releasing and expiring holds")
struct ShowReleaseTests {
    let holding = Sample.onSale(Sample.seated) + [Sample.held(.b1, .c1, .seats([.a1, .a2]))]

    @Test func theCustomerReleasesTheirHoldEarly() throws {
        let spec = given(Show.self, holding)
        let events = try spec.when(.releaseHold(booking: .b1, customer: .c1))
        #expect(events == [.holdReleased(HoldReleased(booking: .b1, reason: .byCustomer))])
        #expect(events.reduce(spec.state, Show.evolve).seatTakenBy.isEmpty)
    }

    @Test func anotherCustomerCannotReleaseTheHold() {
        #expect(throws: Show.Rejection.notYourHold(.b1)) { try given(Show.self, holding).when(.releaseHold(booking: .b1, customer: .c2)) }
    }

    @Test func aDueHoldExpiresAndFreesItsSeats() throws {
        let spec = given(Show.self, holding)
        let events = try spec.when(.expireHold(booking: .b1, now: noon.adding(.minutes(10))))
        #expect(events == [.holdExpired(HoldExpired(booking: .b1))])
        #expect(events.reduce(spec.state, Show.evolve).seatTakenBy.isEmpty)
    }

    @Test func aTimerThatFiresEarlyDecidesNothing() throws {
        #expect(try given(Show.self, holding).when(.expireHold(booking: .b1, now: noon.adding(.minutes(9)))).isEmpty)
    }

    @Test func aPaidHoldDoesNotExpire() throws {
        let spec = given(Show.self, holding + [.itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), late: false))])
        #expect(try spec.when(.expireHold(booking: .b1, now: noon.adding(.hours(1)))).isEmpty)
    }

    @Test func expiringTwiceDecidesNothing() throws {
        let spec = given(Show.self, holding + [.holdExpired(HoldExpired(booking: .b1))])
        #expect(try spec.when(.expireHold(booking: .b1, now: noon.adding(.hours(1)))).isEmpty)
    }
}

@Suite("Show: selling")
struct ShowSellingTests {
    let onSale = Sample.onSale(Sample.seated)
    var holding: [Show.Event] { onSale + [Sample.held(.b1, .c1, .seats([.a1, .a2]))] }

    @Test func aPaidHoldBecomesSold() throws {
        let spec = given(Show.self, holding)
        let events = try spec.when(.sell(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), now: noon))
        #expect(events == [.itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), late: false))])
        let after = events.reduce(spec.state, Show.evolve)
        #expect(after.holds.isEmpty)
        #expect(after.soldTicketCount == 2)
    }

    @Test func aPaymentAfterExpiryIsHonouredWhenTheSeatsAreStillFree() throws {
        let spec = given(Show.self, holding + [.holdExpired(HoldExpired(booking: .b1))])
        let events = try spec.when(.sell(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), now: noon.adding(.minutes(20))))
        #expect(events == [.itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), late: true))])
    }

    @Test func aPaymentAfterExpiryIsRefusedWhenSomeoneElseTookTheSeats() {
        let spec = given(Show.self, holding + [.holdExpired(HoldExpired(booking: .b1)), Sample.held(.b2, .c2, .seats([.a2]))])
        #expect(throws: Show.Rejection.itemsNoLongerAvailable(.b1)) {
            try spec.when(.sell(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), now: noon.adding(.minutes(20))))
        }
    }

    @Test func aPaymentForACancelledShowIsRefused() {
        let spec = given(Show.self, holding + [.cancelled(ShowCancelled(by: .organizer(.o1), reason: "x", at: noon))])
        #expect(throws: Show.Rejection.showCancelled) {
            try spec.when(.sell(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), now: noon))
        }
    }

    @Test func itemsFromTheClientThatDifferFromTheHoldAreRefused() {
        #expect(throws: Show.Rejection.bookingAlreadyUsed(.b1)) {
            try given(Show.self, holding).when(.sell(booking: .b1, customer: .c1, items: .seats([.a1, .b1]), now: noon))
        }
    }

    @Test func refundedSeatsReturnToSale() throws {
        let spec = given(Show.self, holding + [.itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a1, .a2]), late: false))])
        let events = try spec.when(.returnItems(booking: .b1))
        #expect(events == [.itemsReturned(ItemsReturned(booking: .b1, items: .seats([.a1, .a2])))])
        let after = events.reduce(spec.state, Show.evolve)
        #expect(after.seatTakenBy.isEmpty)
        #expect(try Show.decide(.hold(.seats([.a1]), booking: .b2, customer: .c2, now: noon), after).count == 1)
    }

    @Test func refundRestoresCategoryCount() throws {
        let sold = Sample.onSale(Sample.open) + [Sample.held(.b1, .c1, .tickets([.gold: 3])),
                                                 .itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .tickets([.gold: 3]), late: false))]
        let spec = given(Show.self, sold)
        #expect(spec.state.available(.gold) == 2)
        let after = try spec.when(.returnItems(booking: .b1)).reduce(spec.state, Show.evolve)
        #expect(after.available(.gold) == 5)
    }
}

@Suite("Show: editing")
struct ShowEditingTests {
    let sold = Sample.onSale(Sample.open) + [Sample.held(.b1, .c1, .tickets([.gold: 3])),
                                             .itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .tickets([.gold: 3]), late: false))]

    @Test func capacityNeverGoesBelowWhatIsSold() {
        let smaller: Inventory = .categories([TicketCategory(id: .gold, name: "Gold", capacity: 2, price: .rupees(1000))])
        #expect(throws: Show.Rejection.wouldStrandTickets("category gold cannot go below the 3 tickets held or sold")) {
            try given(Show.self, sold).when(.changeInventory(smaller, by: .o1))
        }
    }

    @Test func aCategoryWithSalesCannotBeRemoved() {
        let withoutGold: Inventory = .categories([TicketCategory(id: .silver, name: "Silver", capacity: 10, price: .rupees(300))])
        #expect(throws: Show.Rejection.wouldStrandTickets("category gold has 3 tickets held or sold")) {
            try given(Show.self, sold).when(.changeInventory(withoutGold, by: .o1))
        }
    }

    @Test func repricingKeepsSoldTicketsAndChangesOnlyFuturePrices() throws {
        let repriced: Inventory = .categories([
            TicketCategory(id: .gold, name: "Gold", capacity: 5, price: .rupees(1200)),
            TicketCategory(id: .silver, name: "Silver", capacity: 10, price: .rupees(300)),
        ])
        let spec = given(Show.self, sold)
        let after = try spec.when(.changeInventory(repriced, by: .o1)).reduce(spec.state, Show.evolve)
        #expect(after.soldCounts[.gold] == 3)
        #expect(after.available(.gold) == 2)
        #expect(try after.price(of: .tickets([.gold: 1]))?.base == .rupees(1200))
    }

    @Test func aSoldSeatCannotBeDroppedFromTheLayout() {
        let sold = Sample.onSale(Sample.seated) + [Sample.held(.b1, .c1, .seats([.a1])),
                                                   .itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a1]), late: false))]
        let shrunk: Inventory = .seated(SeatedInventory(seats: [.a2: "regular"], pricing: .flat(.rupees(100))))
        #expect(throws: Show.Rejection.wouldStrandTickets("seats A1 are held or sold")) {
            try given(Show.self, sold).when(.changeInventory(shrunk, by: .o1))
        }
    }

    @Test func onlyTheOrganizerEditsTheShow() {
        #expect(throws: Show.Rejection.notTheOrganizer) {
            try given(Show.self, sold).when(.editDetails(ShowDetails(title: "Other"), by: .o2))
        }
    }
}

@Suite("Show: pricing")
struct ShowPricingTests {
    @Test func priceFromClientIgnoredTheServerPricesFromTheShow() throws {
        // The original took Open/Online unit prices from the request body; here a hold carries no price at all,
        // and the breakdown comes from the show's own categories.
        let state = Show.fold(Sample.onSale(Sample.open))
        let breakdown = try #require(try state.price(of: .tickets([.gold: 2, .silver: 1])))
        #expect(breakdown.base == .rupees(2300))
        #expect(breakdown.fees == .rupees(75 + 75 + 30))
        #expect(breakdown.total == .rupees(2480))
    }

    @Test func seatsArePricedByTheirType() throws {
        let state = Show.fold(Sample.onSale(Sample.seated))
        let breakdown = try #require(try state.price(of: .seats([.a1, .b1])))
        #expect(breakdown.lines.map(\.unitPrice) == [.rupees(250), .rupees(600)])
        #expect(breakdown.total == .rupees(250 + 600 + 30 + 50))
    }
}

@Suite("Show: timers of replaced holds")
struct ShowReplacedHoldTimerTests {
    @Test func anOldHoldsTimerNeverReleasesANewerHold() throws {
        // The original's ticket-unlock job had no id and could release a newer lock of the same customer.
        let spec = given(Show.self, Sample.onSale(Sample.open) + [
            Sample.held(.b1, .c1, .tickets([.gold: 2])),
            .holdReleased(HoldReleased(booking: .b1, reason: .replaced)),
            Sample.held(.b2, .c1, .tickets([.gold: 3]), at: noon.adding(.minutes(5))),
        ])
        #expect(try spec.when(.expireHold(booking: .b1, now: noon.adding(.minutes(10)))).isEmpty)
        #expect(spec.state.heldCounts[.gold] == 3)
    }
}

@Suite("Show: configuration limits")
struct ShowLimitTests {
    private func drafting(_ change: (inout ShowConfiguration) -> Void) -> Show.Rejection? {
        var configuration = Sample.open
        change(&configuration)
        do {
            _ = try given(Show.self).when(.draft(configuration))
            return nil
        } catch {
            return error
        }
    }

    @Test func aPriceNearTwoToTheSixtyThirdIsRefused() {
        #expect(drafting { $0.inventory = .categories([TicketCategory(id: .gold, name: "Gold", capacity: 10, price: Money(minor: Int64.max / 2))]) }
            == .invalidConfiguration("prices may be at most 100000000 minor units"))
    }

    @Test func aCapacityOfATrillionIsRefused() {
        #expect(drafting { $0.inventory = .categories([TicketCategory(id: .gold, name: "Gold", capacity: 1_000_000_000_000, price: .rupees(1))]) }
            == .invalidConfiguration("category gold has a capacity above 1000000"))
    }

    @Test func aHundredYearRunIsRefused() {
        #expect(drafting { $0.schedule = ShowSchedule(start: showStart, end: showStart.adding(.hours(24 * 365 * 100))) }
            == .invalidConfiguration("a show may run at most 31 days"))
    }

    @Test func aSixtyThousandCharacterTitleIsRefused() {
        #expect(drafting { $0.details.title = String(repeating: "t", count: 60_000) } == .invalidConfiguration("the title is longer than 200 characters"))
    }

    @Test func aJavascriptAccessLinkIsRefused() {
        #expect(drafting { $0.accessLink = "javascript:alert(1)" } == .invalidConfiguration("the access link must be an https:// address"))
        #expect(drafting { $0.accessLink = "https://meet.example.com/x" } == nil)
    }

    @Test func editingDetailsKeepsToTheSameLimits() throws {
        let spec = given(Show.self, .drafted(ShowDrafted(configuration: Sample.open)))
        var details = Sample.open.details
        details.description = String(repeating: "d", count: 10_001)
        #expect(throws: Show.Rejection.invalidConfiguration("the description is longer than 10000 characters")) {
            try spec.when(.editDetails(details, by: Sample.open.organizer))
        }
    }
}
