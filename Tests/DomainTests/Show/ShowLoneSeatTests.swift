import Domain
import Testing

/// A show that refuses lone seats refuses a hand-picked choice that leaves a seat alone when as many seats could be
/// chosen that leave none. Rows A (A1–A5) and B (B1–B2), no layout: side by side in reading order.
@Suite("Show: the lone-seat rule")
struct ShowLoneSeatTests {
    let refusing = Sample.onSale(Sample.seated) + [.loneSeatRuleChanged(LoneSeatRuleChanged(rule: .refused))]

    func hold(_ seats: Set<SeatID>, _ booking: BookingID = .b2, _ customer: CustomerID = .c2) -> Show.Command {
        .hold(.seats(seats), booking: booking, customer: customer, now: noon)
    }

    @Test func aChoiceThatLeavesASeatAloneIsRefusedNamingIt() {
        #expect(throws: Show.Rejection.wouldLeaveLoneSeats([.a1])) { try given(Show.self, refusing).when(hold([.a2])) }
        #expect(throws: Show.Rejection.wouldLeaveLoneSeats([.a2])) { try given(Show.self, refusing).when(hold([.a1, .a3])) }
    }

    @Test func aChoiceThatLeavesNoneIsHeld() throws {
        let events = try given(Show.self, refusing).when(hold([.a1, .a2]))
        #expect(events == [Sample.held(.b2, .c2, .seats([.a1, .a2]))])
    }

    @Test func whenEveryChoiceLeavesOneAloneTheCustomersStands() throws {
        // A1 A2 and B1 B2 are taken: any two of A3 A4 A5 leave the third alone, and nothing else is free.
        let history = refusing + [Sample.held(.b1, .c1, .seats([.a1, .a2])), Sample.held(.b3, .c3, .seats([.b1, .b2]))]
        let events = try given(Show.self, history).when(hold([.a3, .a4]))
        #expect(events == [Sample.held(.b2, .c2, .seats([.a3, .a4]))])
    }

    @Test func showsAllowLoneSeatsUntilTheirOrganizerRefusesThem() throws {
        let events = try given(Show.self, Sample.onSale(Sample.seated)).when(hold([.a2]))
        #expect(events == [Sample.held(.b2, .c2, .seats([.a2]))])
        let again = try given(Show.self, refusing + [.loneSeatRuleChanged(LoneSeatRuleChanged(rule: .allowed))]).when(hold([.a2]))
        #expect(again == [Sample.held(.b2, .c2, .seats([.a2]))])
    }

    @Test func onlyTheOrganizerSetsTheRuleOnlyOnASeatedShowAndSettingItAgainChangesNothing() throws {
        let set = try given(Show.self, Sample.onSale(Sample.seated)).when(.setLoneSeatRule(.refused, by: .o1))
        #expect(set == [.loneSeatRuleChanged(LoneSeatRuleChanged(rule: .refused))])
        #expect(try given(Show.self, refusing).when(.setLoneSeatRule(.refused, by: .o1)).isEmpty)
        #expect(throws: Show.Rejection.notTheOrganizer) { try given(Show.self, refusing).when(.setLoneSeatRule(.allowed, by: .o2)) }
        #expect(throws: Show.Rejection.invalidConfiguration("only a seated event has seats to leave alone")) {
            try given(Show.self, Sample.onSale(Sample.open)).when(.setLoneSeatRule(.refused, by: .o1))
        }
    }
}
