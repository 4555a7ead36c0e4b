import Domain
import Testing

/// Deciding a booking command again after its events are applied decides nothing. Check-in is the one exception
/// the business asks for: a second scan is refused, naming the first (see `BookingCheckInTests`).
@Suite("Booking: every command is idempotent")
struct BookingIdempotenceTests {
    static let confirmed = [Sample.started, Sample.ordered, Sample.confirmed]
    static let requested = confirmed + [.refundRequested(RefundRequested(refund: .r1, amount: .rupees(560), reason: .customerCancelled, payment: .pay1, at: noon))]
    static let processing = requested + [.refundProcessing(RefundProcessing(gatewayReference: "rfnd_1"))]
    static let expired = [Sample.started, Sample.ordered, .expired(BookingExpired(at: noon.adding(.minutes(10))))]

    static let cases: [(String, [Booking.Event], Booking.Command)] = [
        ("start", [], .start(Sample.seatTerms)),
        ("createOrder", [Sample.started], .createOrder(.order1, now: noon)),
        ("confirmPayment", [Sample.started, Sample.ordered], .confirmPayment(Sample.receipt, tickets: [.t1, .t2], now: noon)),
        ("refundUnfulfillablePayment", expired, .refundUnfulfillablePayment(Sample.receipt, refund: .r1, now: noon)),
        ("failPayment", [Sample.started, Sample.ordered], .failPayment(.order1, reason: "declined")),
        ("expire", [Sample.started], .expire(now: noon.adding(.minutes(10)))),
        ("release", [Sample.started], .release(by: .c1, show: .s1)),
        ("requestRefund", confirmed, .requestRefund(by: .c1, refund: .r1, now: noon)),
        ("refundInFull", confirmed, .refundInFull(refund: .r1, now: noon)),
        ("startRefund", requested, .startRefund(gatewayReference: "rfnd_1")),
        ("completeRefund", processing, .completeRefund(now: noon)),
        ("failRefund", processing, .failRefund(reason: "gateway down")),
    ]

    @Test(arguments: cases.map(\.0))
    func decidingAgainAfterItTookEffectDecidesNothing(command name: String) throws {
        let (_, history, command) = try #require(Self.cases.first { $0.0 == name })
        let spec = given(Booking.self, history)
        #expect(try !spec.when(command).isEmpty, "the command must take effect first")
        #expect(try spec.decidesNothingTwice(command))
    }

    @Test func confirmFreeIsIdempotent() throws {
        var terms = Sample.seatTerms
        terms.price = try PriceBreakdown.compute([("entry", .zero(), 2)])
        let spec = given(Booking.self, .started(BookingStarted(terms: terms)))
        #expect(try spec.decidesNothingTwice(.confirmFree(tickets: [.t1, .t2], now: noon)))
    }
}
