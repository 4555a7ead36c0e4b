import Domain
import Testing

/// A hold of the best free seats, decided on the show as it stands: rows A (A1–A5, regular) and B (B1–B2, premium),
/// four tickets at most per order; with no layout, seats side by side are those next in their row's reading order.
@Suite("Show: holding the best available seats")
struct ShowBestSeatsTests {
    let onSale = Sample.onSale(Sample.seated)

    func best(_ count: Int, _ type: String? = nil, layout: SeatLayout? = nil) -> Show.Command {
        .hold(.best(count: count, seatType: type, layout: layout), booking: .b2, customer: .c2, now: noon)
    }

    @Test func twoSeatsTogetherThatLeaveNoSeatAlone() throws {
        // A2 A3 and A3 A4 are nearer the centre, but each leaves a single seat at the row's end.
        let events = try given(Show.self, onSale).when(best(2))
        #expect(events == [Sample.held(.b2, .c2, .seats([.a1, .a2]))])
    }

    @Test func seatsOthersHoldAreSkippedAndARowThatWouldStrandOneIsLeft() throws {
        // A3 A4 A5 are free: two of them leave one alone, so the pair goes to row B, whole.
        let events = try given(Show.self, onSale + [Sample.held(.b1, .c1, .seats([.a1, .a2]))]).when(best(2))
        #expect(events == [Sample.held(.b2, .c2, .seats([.b1, .b2]))])
    }

    @Test func theCustomersOwnHoldCountsAsFreeAndIsReplaced() throws {
        let events = try given(Show.self, onSale + [Sample.held(.b1, .c2, .seats([.a1, .a2]))]).when(best(2))
        #expect(events == [.holdReleased(HoldReleased(booking: .b1, reason: .replaced)), Sample.held(.b2, .c2, .seats([.a1, .a2]))])
    }

    @Test func aSeatTypeIsHonoured() throws {
        let events = try given(Show.self, onSale).when(best(1, "premium"))
        #expect(events == [Sample.held(.b2, .c2, .seats([.b1]))])
    }

    @Test func theLayoutsAislesDecideWhatIsSideBySide() throws {
        // A1 A2 | A3 A4 A5: A2 A3 are not a pair, and A3 A4 would leave A5 alone.
        let layout = SeatLayout(rows: [
            SeatRow(label: "A", places: [.seat(number: 1, type: "regular"), .seat(number: 2, type: "regular"), .gap,
                                         .seat(number: 3, type: "regular"), .seat(number: 4, type: "regular"), .seat(number: 5, type: "regular")]),
            SeatRow(label: "B", places: [.seat(number: 1, type: "premium"), .gap, .seat(number: 2, type: "premium")]),
        ])
        let events = try given(Show.self, onSale).when(best(2, layout: layout))
        #expect(events == [Sample.held(.b2, .c2, .seats([.a1, .a2]))])
    }

    @Test func moreSeatsThanAreFreeHoldsNothingAndSaysHowManyAre() {
        #expect(throws: Show.Rejection.notEnoughSeats(requested: 3, free: 2)) { try given(Show.self, onSale).when(best(3, "premium")) }
        let spec = given(Show.self, onSale + [Sample.held(.b1, .c1, .seats([.b1]))])
        #expect(throws: Show.Rejection.notEnoughSeats(requested: 2, free: 1)) { try spec.when(best(2, "premium")) }
    }

    @Test func badRequestsAreRefused() {
        #expect(throws: Show.Rejection.unknownSeatType("gold")) { try given(Show.self, onSale).when(best(1, "gold")) }
        #expect(throws: Show.Rejection.tooManyTickets(requested: 5, limit: 4)) { try given(Show.self, onSale).when(best(5)) }
        #expect(throws: Show.Rejection.emptyRequest) { try given(Show.self, onSale).when(best(0)) }
        #expect(throws: Show.Rejection.wrongKindOfRequest) { try given(Show.self, Sample.onSale(Sample.open)).when(best(1)) }
    }
}
