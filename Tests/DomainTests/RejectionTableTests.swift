import Domain
import Testing

/// The rejections not already shown by a behaviour test elsewhere, one row each: a history, a command, and the
/// exact rejection it must meet.
@Suite("Every rejection case is reachable")
struct RejectionTableTests {
    static let booking: [(String, [Booking.Event], Booking.Command, Booking.Rejection)] = [
        ("start twice", [Sample.started], .start(BookingTerms(show: .s2, customer: .c1, items: .seats([.a1]), price: Sample.seatTerms.price,
                                                               expiresAt: noon, refundPolicy: .standard, schedule: Sample.schedule)), .alreadyStarted),
        ("order a booking that never started", [], .createOrder(.order1, now: noon), .noSuchBooking),
        ("order a released booking", [Sample.started, .released(BookingReleased(by: .c1))], .createOrder(.order1, now: noon), .wrongStatus(.released)),
        ("confirm a paid booking as free", [Sample.started], .confirmFree(tickets: [.t1, .t2], now: noon), .notFree(total: .rupees(560))),
        ("refund an unpaid booking", [Sample.started], .requestRefund(by: .c1, refund: .r1, now: noon), .wrongStatus(.held)),
        ("complete a refund that was never requested", [Sample.started, Sample.ordered, Sample.confirmed], .completeRefund(now: noon), .noRefundInProgress),
        ("check in a ticket of an expired booking", [Sample.started, Sample.ordered, Sample.confirmed],
         .checkIn(.t3, show: .s1, scanner: .o1, now: showStart), .unknownTicket(.t3)),
    ]

    @Test(arguments: booking.indices)
    func bookingRejections(row: Int) {
        let (_, history, command, rejection) = Self.booking[row]
        #expect(throws: rejection) { try given(Booking.self, history).when(command) }
    }

    @Test func showRejections() {
        #expect(throws: Show.Rejection.noSuchShow) { try given(Show.self).when(.submit(by: .o1)) }
        #expect(throws: Show.Rejection.noSuchShow) { try given(Show.self).when(.cancel(by: .system, reason: "x", now: noon)) }
    }

    @Test func payoutRejections() {
        #expect(throws: Payout.Rejection.notSettled) { try given(Payout.self).when(.sendReceipt(by: .a1, now: noon)) }
        #expect(throws: Payout.Rejection.emptyReference) {
            try given(Payout.self, PayoutLifecycleTests.settled, PayoutLifecycleTests.receipt).when(.initiate(by: .a1, method: .upi, reference: " ", now: noon))
        }
    }

    @Test func venueRejections() {
        #expect(throws: Screen.Rejection.alreadyRegistered) {
            try given(Screen.self, VenueSample.registered).when(.register(hall: HallID("hall-2"), name: "Other"))
        }
        #expect(throws: Screen.Rejection.noSuchScreen) { try given(Screen.self).when(.defineLayout(VenueSample.layout)) }
        #expect(throws: Screen.Rejection.noLayout) {
            try given(Screen.self, VenueSample.registered).when(.reserveSlot(show: .s1, schedule: VenueSample.evening))
        }
        #expect(throws: Screen.Rejection.invalidSchedule) {
            try given(Screen.self, VenueSample.registered, VenueSample.laidOut).when(.reserveSlot(show: .s1, schedule: ShowSchedule(start: showEnd, end: showStart)))
        }
        let hall = Hall.Event.registered(HallRegistered(name: "Globe", city: "Pune", address: "", by: .a1))
        #expect(throws: Hall.Rejection.alreadyRegistered) { try given(Hall.self, hall).when(.register(name: "Other", city: "Goa", address: "", by: .a1)) }
        #expect(throws: Hall.Rejection.noSuchHall) { try given(Hall.self).when(.addScreen(.screen1, name: "Screen 1")) }
        #expect(throws: Hall.Rejection.emptyName) { try given(Hall.self).when(.register(name: " ", city: "Pune", address: "", by: .a1)) }
    }

    @Test func accountRejections() {
        let invited = AdminInvite.Event.invited(AdminInvited(email: "a@tktplz.test", tokenHash: "h", by: .a1, expiresAt: noon))
        // Still live (it runs out at noon): a second invite is refused. One that ran out may be sent again.
        #expect(throws: AdminInvite.Rejection.alreadyInvited) {
            try given(AdminInvite.self, invited).when(.invite(email: "b@tktplz.test", tokenHash: "h2", by: .a1, now: noon.subtracting(.minutes(1))))
        }
        #expect(throws: AdminInvite.Rejection.noSuchInvite) {
            try given(AdminInvite.self).when(.accept(tokenHash: "h", admin: .a1, passwordHash: "p", sealedTOTPSecret: "s", now: noon))
        }
        #expect(throws: AdminInvite.Rejection.invalidEmail) { try given(AdminInvite.self).when(.invite(email: "nobody", tokenHash: "h", by: .a1, now: noon)) }

        let organizer = Organizer.Event.registered(OrganizerRegistered(organizer: .o1, email: "o@tktplz.test", name: "O", phone: "", at: noon))
        #expect(throws: Organizer.Rejection.alreadyRegistered) {
            try given(Organizer.self, organizer).when(.register(.o2, email: "p@tktplz.test", name: "P", phone: "", now: noon))
        }
        #expect(throws: Organizer.Rejection.noSuchOrganizer) { try given(Organizer.self).when(.setPayoutDetails(.upi(id: "o@bank"), by: .o1, now: noon)) }
        #expect(throws: Organizer.Rejection.invalidEmail) { try given(Organizer.self).when(.register(.o1, email: "o@", name: "O", phone: "", now: noon)) }
        #expect(throws: Organizer.Rejection.emptyName) { try given(Organizer.self).when(.register(.o1, email: "o@tktplz.test", name: "", phone: "", now: noon)) }

        let customer = Customer.Event.registered(CustomerRegistered(customer: .c1, email: "c@tktplz.test", name: "C", at: noon))
        #expect(throws: Customer.Rejection.alreadyRegistered) { try given(Customer.self, customer).when(.register(.c2, email: "d@tktplz.test", name: "D", now: noon)) }
        #expect(throws: Customer.Rejection.noSuchCustomer) { try given(Customer.self).when(.like(.s1)) }
        #expect(throws: Customer.Rejection.emptyName) { try given(Customer.self, customer).when(.updateProfile(name: " ", phone: "")) }

        let issue = SupportIssue.Event.raised(IssueRaised(by: .customer(.c1), subject: "S", description: "", image: nil, at: noon))
        #expect(throws: SupportIssue.Rejection.alreadyRaised) {
            try given(SupportIssue.self, issue).when(.raise(by: .customer(.c2), subject: "Other", description: "", image: nil, now: noon))
        }
        #expect(throws: SupportIssue.Rejection.noSuchIssue) { try given(SupportIssue.self).when(.resolve(by: .a1, note: "", now: noon)) }
    }
}
