import Domain
import Testing

@Suite("Booking: stored events")
struct BookingGoldenTests {
    static let events: [Booking.Event] = [
        Sample.started,
        Sample.ordered,
        Sample.confirmed,
        .paymentFailed(PaymentFailed(order: .order1, reason: "card declined")),
        .expired(BookingExpired(at: noon.adding(.minutes(10)))),
        .released(BookingReleased(by: .c1)),
        .checkedIn(TicketCheckedIn(ticket: .t1, scanner: .o1, at: showStart)),
        .refundRequested(RefundRequested(refund: .r1, amount: .rupees(560), reason: .customerCancelled, payment: .pay1, at: noon)),
        .refundProcessing(RefundProcessing(gatewayReference: "rfnd_1")),
        .refundProcessed(RefundProcessed(at: noon)),
        .refundFailed(RefundFailed(reason: "gateway down")),
    ]

    @Test func everyStoredEventEncodesToItsLiteralAndBack() throws {
        try expectGolden(Booking.self, Self.events[0], type: "BookingStarted", json: #"{"terms":{"customer":"customer-1","expiresAt":1800000600000,"items":{"seats":["A1","A2"]},"price":{"base":{"currency":"INR","minor":50000},"fees":{"currency":"INR","minor":6000},"lines":[{"feePerTicket":{"currency":"INR","minor":3000},"item":"A1","quantity":1,"unitPrice":{"currency":"INR","minor":25000}},{"feePerTicket":{"currency":"INR","minor":3000},"item":"A2","quantity":1,"unitPrice":{"currency":"INR","minor":25000}}],"tax":{"currency":"INR","minor":0},"total":{"currency":"INR","minor":56000}},"refundPolicy":{"deadlineMinutesBeforeStart":720,"feesRefunded":true,"refundable":true},"schedule":{"end":1800183600000,"start":1800172800000},"show":"show-1"}}"#)
        try expectGolden(Booking.self, Self.events[1], type: "OrderCreated", json: #"{"amount":{"currency":"INR","minor":56000},"order":"order_1"}"#)
        try expectGolden(Booking.self, Self.events[2], type: "BookingConfirmed", json: #"{"at":1800000000000,"payment":{"amount":{"currency":"INR","minor":56000},"order":"order_1","payment":"pay_1"},"tickets":[{"admits":"A1","id":"ticket-1"},{"admits":"A2","id":"ticket-2"}]}"#)
        try expectGolden(Booking.self, Self.events[3], type: "PaymentFailed", json: #"{"order":"order_1","reason":"card declined"}"#)
        try expectGolden(Booking.self, Self.events[4], type: "BookingExpired", json: #"{"at":1800000600000}"#)
        try expectGolden(Booking.self, Self.events[5], type: "BookingReleased", json: #"{"by":"customer-1"}"#)
        try expectGolden(Booking.self, Self.events[6], type: "TicketCheckedIn", json: #"{"at":1800172800000,"scanner":"organizer-1","ticket":"ticket-1"}"#)
        try expectGolden(Booking.self, Self.events[7], type: "RefundRequested", json: #"{"amount":{"currency":"INR","minor":56000},"at":1800000000000,"payment":"pay_1","reason":"customerCancelled","refund":"refund-1"}"#)
        try expectGolden(Booking.self, Self.events[8], type: "RefundProcessing", json: #"{"gatewayReference":"rfnd_1"}"#)
        try expectGolden(Booking.self, Self.events[9], type: "RefundProcessed", json: #"{"at":1800000000000}"#)
        try expectGolden(Booking.self, Self.events[10], type: "RefundFailed", json: #"{"reason":"gateway down"}"#)
    }
}
