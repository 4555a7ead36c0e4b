import Domain
import Testing

@Suite("Payout: settlement figures")
struct SettlementTests {
    func booking(_ events: Booking.Event...) -> Booking.State { Booking.fold(events) }
    var refundRequested: Booking.Event {
        .refundRequested(RefundRequested(refund: .r1, amount: .rupees(560), reason: .customerCancelled, payment: .pay1, at: noon))
    }

    @Test func payoutExcludesRefundedTickets() throws {
        let kept = booking(Sample.started, Sample.ordered, Sample.confirmed)
        let refunded = booking(Sample.started, Sample.ordered, Sample.confirmed, refundRequested)
        let expired = booking(Sample.started, .expired(BookingExpired(at: noon)))
        let figures = try Settlement.figures(for: [kept, refunded, expired])
        #expect(figures == PayoutFigures(gross: .rupees(1120), refunds: .rupees(560), platformFees: .rupees(60),
                                         netPayable: .rupees(500), tickets: 2))
    }

    @Test func feesKeptByARefundPolicyGoToThePlatformNotTheOrganizer() throws {
        let refundedWithoutFees = booking(Sample.started, Sample.ordered, Sample.confirmed,
                                          .refundRequested(RefundRequested(refund: .r1, amount: .rupees(500), reason: .customerCancelled, payment: .pay1, at: noon)))
        let figures = try Settlement.figures(for: [refundedWithoutFees])
        #expect(figures.platformFees == .rupees(60))
        #expect(figures.netPayable == .zero())
    }

    @Test func grossMinusRefundsMinusFeesIsNet() throws {
        let bookings = [booking(Sample.started, Sample.ordered, Sample.confirmed), booking(Sample.started, Sample.ordered, Sample.confirmed, refundRequested)]
        let figures = try Settlement.figures(for: bookings)
        #expect(try figures.gross.subtracting(figures.refunds).subtracting(figures.platformFees) == figures.netPayable)
    }
}

@Suite("Payout: lifecycle")
struct PayoutLifecycleTests {
    static let figures = PayoutFigures(gross: .rupees(560), refunds: .zero(), platformFees: .rupees(60), netPayable: .rupees(500), tickets: 2)
    static let settled = Payout.Event.settled(PayoutSettled(show: .s1, organizer: .o1, figures: figures, at: showEnd))
    static let receipt = Payout.Event.receiptSent(PayoutReceiptSent(admin: .a1, at: showEnd))
    static let initiated = Payout.Event.initiated(PayoutInitiated(admin: .a1, method: .upi, reference: "UTR123", at: showEnd))

    @Test func aShowSettlesOnce() throws {
        #expect(try given(Payout.self).when(.settle(show: .s1, organizer: .o1, figures: Self.figures, now: showEnd)) == [Self.settled])
        #expect(throws: Payout.Rejection.alreadySettled) {
            try given(Payout.self, Self.settled).when(.settle(show: .s1, organizer: .o1, figures: PayoutFigures(
                gross: .zero(), refunds: .zero(), platformFees: .zero(), netPayable: .zero(), tickets: 0), now: showEnd))
        }
    }

    @Test func stepsHappenInOrderOnly() {
        #expect(throws: Payout.Rejection.outOfOrder(status: .pending)) {
            try given(Payout.self, Self.settled).when(.initiate(by: .a1, method: .upi, reference: "UTR1", now: showEnd))
        }
        #expect(throws: Payout.Rejection.outOfOrder(status: .receiptSent)) {
            try given(Payout.self, Self.settled, Self.receipt).when(.confirmPaid(by: .o1, now: showEnd))
        }
    }

    @Test func theOrganizerConfirmsAnInitiatedPayment() throws {
        #expect(try given(Payout.self, Self.settled, Self.receipt, Self.initiated).when(.confirmPaid(by: .o1, now: showEnd))
            == [.paid(PayoutPaid(organizer: .o1, at: showEnd))])
    }

    @Test func noSharedSecretAnotherOrganizerCannotConfirm() {
        #expect(throws: Payout.Rejection.notTheOrganizer) {
            try given(Payout.self, Self.settled, Self.receipt, Self.initiated).when(.confirmPaid(by: .o2, now: showEnd))
        }
    }

    @Test(arguments: [0, 1, 2, 3])
    func everyStepIsIdempotent(step: Int) throws {
        let histories: [[Payout.Event]] = [[], [Self.settled], [Self.settled, Self.receipt], [Self.settled, Self.receipt, Self.initiated]]
        let commands: [Payout.Command] = [
            .settle(show: .s1, organizer: .o1, figures: Self.figures, now: showEnd), .sendReceipt(by: .a1, now: showEnd),
            .initiate(by: .a1, method: .upi, reference: "UTR123", now: showEnd), .confirmPaid(by: .o1, now: showEnd),
        ]
        #expect(try given(Payout.self, histories[step]).decidesNothingTwice(commands[step]))
    }

    @Test func storedEventsEncodeToTheirLiteralsAndBack() throws {
        try expectGolden(Payout.self, Self.settled, type: "PayoutSettled", json: #"{"at":1800183600000,"figures":{"gross":{"currency":"INR","minor":56000},"netPayable":{"currency":"INR","minor":50000},"platformFees":{"currency":"INR","minor":6000},"refunds":{"currency":"INR","minor":0},"tickets":2},"organizer":"organizer-1","show":"show-1"}"#)
        try expectGolden(Payout.self, Self.receipt, type: "PayoutReceiptSent", json: #"{"admin":"admin-1","at":1800183600000}"#)
        try expectGolden(Payout.self, Self.initiated, type: "PayoutInitiated", json: #"{"admin":"admin-1","at":1800183600000,"method":"upi","reference":"UTR123"}"#)
        try expectGolden(Payout.self, .paid(PayoutPaid(organizer: .o1, at: showEnd)), type: "PayoutPaid", json: #"{"at":1800183600000,"organizer":"organizer-1"}"#)
    }
}
