import Domain
import Testing

/// The organizer moves the booking cut-off of a show on sale: holds follow the new one at once.
@Suite("Show: changing the booking cut-off")
struct ShowCutoffTests {
    static let onSale = Sample.onSale(Sample.seated)

    @Test func theOrganizerClosesBookingEarlierAndAHoldAfterItIsRefused() throws {
        let changed = try given(Show.self, Self.onSale).when(.changeCutoff(.minutesBeforeStart(120), by: .o1))
        #expect(changed == [.cutoffChanged(CutoffChanged(cutoff: .minutesBeforeStart(120)))])
        let closes = showStart.subtracting(.minutes(120))
        #expect(throws: Show.Rejection.bookingClosed(closedAt: closes)) {
            try given(Show.self, Self.onSale + changed).when(.hold(.seats([.a1]), booking: .b1, customer: .c1, now: closes))
        }
        // Back to "until sold out": the same hold is taken.
        let reopened = Self.onSale + changed + [.cutoffChanged(CutoffChanged(cutoff: .untilSoldOut))]
        #expect(try given(Show.self, reopened).when(.hold(.seats([.a1]), booking: .b1, customer: .c1, now: closes)).count == 1)
    }

    @Test func theSameCutoffDecidesNothingAndOnlyTheOrganizerOfALiveShowMovesIt() throws {
        #expect(try given(Show.self, Self.onSale).decidesNothingTwice(.changeCutoff(.at(noon), by: .o1)))
        #expect(throws: Show.Rejection.notTheOrganizer) { try given(Show.self, Self.onSale).when(.changeCutoff(.at(noon), by: .o2)) }
        let cancelled = Self.onSale + [.cancelled(ShowCancelled(by: .system, reason: "rain", at: noon))]
        #expect(throws: Show.Rejection.wrongStatus(.cancelled)) { try given(Show.self, cancelled).when(.changeCutoff(.at(noon), by: .o1)) }
        #expect(throws: Show.Rejection.noSuchShow) { try given(Show.self).when(.changeCutoff(.at(noon), by: .o1)) }
    }

    @Test(arguments: [
        (BookingCutoff.at(showStart.adding(.minutes(1))), "the cut-off cannot be after the start"),
        (BookingCutoff.minutesBeforeStart(-5), "the cut-off cannot be after the start"),
        (BookingCutoff.at(Instant(millisecondsSince1970: 1_800_000_000)), "the cut-off is before 2000: give milliseconds since 1970"),
        (BookingCutoff.minutesBeforeStart(60 * 24 * 366), "the cut-off is at most a year before the start"),
    ])
    func aCutoffAfterTheStartOrOutOfRangeIsRefused(cutoff: BookingCutoff, problem: String) {
        #expect(throws: Show.Rejection.invalidConfiguration(problem)) { try given(Show.self, Self.onSale).when(.changeCutoff(cutoff, by: .o1)) }
        var configuration = Sample.seated
        configuration.cutoff = cutoff
        #expect(throws: Show.Rejection.invalidConfiguration(problem)) { try given(Show.self).when(.draft(configuration)) }
    }
}
