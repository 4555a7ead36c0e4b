import Domain
import Testing

/// Letting a hold go: only its customer, only naming its show, only while it is a hold.
@Suite("Booking: release")
struct BookingReleaseTests {
    @Test func theCustomerReleasesTheirHeldBooking() throws {
        #expect(try given(Booking.self, Sample.started).when(.release(by: .c1, show: .s1)) == [.released(BookingReleased(by: .c1))])
    }

    @Test func anOrderedBookingCanStillBeLetGo() throws {
        #expect(try given(Booking.self, Sample.started, Sample.ordered).when(.release(by: .c1, show: .s1)).count == 1)
    }

    @Test func anotherCustomersBookingIsRefused() {
        #expect(throws: Booking.Rejection.notYourBooking) { try given(Booking.self, Sample.started).when(.release(by: .c2, show: .s1)) }
    }

    @Test func aBookingThatNeverStartedIsRefused() {
        #expect(throws: Booking.Rejection.noSuchBooking) { try given(Booking.self).when(.release(by: .c1, show: .s1)) }
    }

    @Test func namingAnotherShowIsRefusedNamingTheBookingsOwn() {
        #expect(throws: Booking.Rejection.bookingForAnotherShow(.s1)) {
            try given(Booking.self, Sample.started).when(.release(by: .c1, show: .s2))
        }
    }

    @Test func aConfirmedBookingIsRefundedNeverReleased() {
        #expect(throws: Booking.Rejection.wrongStatus(.confirmed)) {
            try given(Booking.self, Sample.started, Sample.ordered, Sample.confirmed).when(.release(by: .c1, show: .s1))
        }
    }

    @Test func anExpiredHoldHasNothingToLetGo() {
        #expect(throws: Booking.Rejection.wrongStatus(.expired)) {
            try given(Booking.self, Sample.started, .expired(BookingExpired(at: noon))).when(.release(by: .c1, show: .s1))
        }
    }

    @Test func releasingAgainDecidesNothing() throws {
        #expect(try given(Booking.self, Sample.started, .released(BookingReleased(by: .c1))).when(.release(by: .c1, show: .s1)).isEmpty)
    }
}
