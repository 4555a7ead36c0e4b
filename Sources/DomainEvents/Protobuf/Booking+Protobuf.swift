public import Domain
import EventSchema
import SwiftProtobuf

// The `booking` category's events as the messages of `schema/tktplz/events/v1/booking.proto` and `refund.proto`.

extension Booking: ProtobufEvents {
    public static func handWritten(_ event: Event) -> (type: String, bytes: [UInt8])? {
        guard case .started(let started) = event else { return nil }
        return ("BookingStarted", SaleWire.write(started))
    }

    public static func message(_ event: Event) -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .started(let e): PBBookingStarted.with { $0.terms = PBBookingTerms(e.terms) }
        case .orderCreated(let e): PBOrderCreated.with {
            $0.order = e.order.rawValue
            $0.amount = PBMoney(e.amount)
        }
        case .confirmed(let e): PBBookingConfirmed.with {
            if let receipt = e.payment { $0.payment = PBPaymentReceipt(receipt) }
            $0.tickets = e.tickets.map { ticket in
                PBIssuedTicket.with {
                    $0.id = ticket.id.rawValue
                    $0.admits = ticket.admits
                }
            }
            $0.at = e.at.rawValue
        }
        case .paymentFailed(let e): PBPaymentFailed.with {
            $0.order = e.order.rawValue
            $0.reason = e.reason
        }
        case .expired(let e): PBBookingExpired.with { $0.at = e.at.rawValue }
        case .released(let e): PBBookingReleased.with { $0.by = e.by.rawValue }
        case .checkedIn(let e): PBTicketCheckedIn.with {
            $0.ticket = e.ticket.rawValue
            $0.scanner = e.scanner.rawValue
            $0.at = e.at.rawValue
        }
        case .refundRequested(let e): PBRefundRequested.with {
            $0.refund = e.refund.rawValue
            $0.amount = PBMoney(e.amount)
            $0.reason = switch e.reason {
            case .customerCancelled: .customerCancelled
            case .showCancelled: .showCancelled
            case .paymentUnfulfillable: .paymentUnfulfillable
            }
            if let payment = e.payment { $0.payment = payment.rawValue }
            $0.at = e.at.rawValue
        }
        case .refundProcessing(let e): PBRefundProcessing.with { $0.gatewayReference = e.gatewayReference }
        case .refundProcessed(let e): PBRefundProcessed.with { $0.at = e.at.rawValue }
        case .refundFailed(let e): PBRefundFailed.with { $0.reason = e.reason }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        // A sale's records by hand (`SaleWire`), every other type through its generated message.
        switch type {
        case "BookingStarted": .started(try payload.read(SaleWire.bookingStarted))
        case "OrderCreated": .orderCreated(try payload.read(SaleWire.orderCreated))
        case "BookingConfirmed": .confirmed(try payload.read(SaleWire.bookingConfirmed))
        default: try generatedEvent(type: type, payload)
        }
    }

    /// The event through its generated message: the reference the hand decoders are held to.
    static func generatedEvent(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "BookingStarted": .started(BookingStarted(terms: try payload.parse(PBBookingStarted.self).terms.decoded()))
        case "OrderCreated":
            try payload.parse(PBOrderCreated.self) { m throws(SchemaMismatch) in
                .orderCreated(OrderCreated(order: OrderID(m.order), amount: try m.amount.decoded()))
            }
        case "BookingConfirmed":
            try payload.parse(PBBookingConfirmed.self) { m throws(SchemaMismatch) in
                .confirmed(BookingConfirmed(payment: m.hasPayment ? try m.payment.decoded() : nil,
                                            tickets: m.tickets.map { IssuedTicket(id: TicketID($0.id), admits: $0.admits) }, at: Instant(m.at)))
            }
        case "PaymentFailed":
            try payload.parse(PBPaymentFailed.self) { .paymentFailed(PaymentFailed(order: OrderID($0.order), reason: $0.reason)) }
        case "BookingExpired": .expired(BookingExpired(at: Instant(try payload.parse(PBBookingExpired.self).at)))
        case "BookingReleased": .released(BookingReleased(by: CustomerID(try payload.parse(PBBookingReleased.self).by)))
        case "TicketCheckedIn":
            try payload.parse(PBTicketCheckedIn.self) {
                .checkedIn(TicketCheckedIn(ticket: TicketID($0.ticket), scanner: OrganizerID($0.scanner), at: Instant($0.at)))
            }
        case "RefundRequested":
            try payload.parse(PBRefundRequested.self) { m throws(SchemaMismatch) in
                let reason: RefundRequested.Reason = switch m.reason {
                case .customerCancelled: .customerCancelled
                case .showCancelled: .showCancelled
                case .paymentUnfulfillable: .paymentUnfulfillable
                case .unspecified, .UNRECOGNIZED: throw SchemaMismatch("RefundRequested.reason \(m.reason.rawValue) is not a reason")
                }
                return .refundRequested(RefundRequested(refund: RefundID(m.refund), amount: try m.amount.decoded(), reason: reason,
                                                        payment: m.hasPayment ? PaymentID(m.payment) : nil, at: Instant(m.at)))
            }
        case "RefundProcessing": .refundProcessing(RefundProcessing(gatewayReference: try payload.parse(PBRefundProcessing.self).gatewayReference))
        case "RefundProcessed": .refundProcessed(RefundProcessed(at: Instant(try payload.parse(PBRefundProcessed.self).at)))
        case "RefundFailed": .refundFailed(RefundFailed(reason: try payload.parse(PBRefundFailed.self).reason))
        default: nil
        }
    }
}

extension PBBookingTerms {
    init(_ terms: BookingTerms) {
        self.init()
        show = terms.show.rawValue
        customer = terms.customer.rawValue
        items = PBItems(terms.items)
        price = PBPriceBreakdown(terms.price)
        expiresAt = terms.expiresAt.rawValue
        refundPolicy = PBRefundPolicy(terms.refundPolicy)
        schedule = PBShowSchedule(terms.schedule)
    }

    func decoded() throws(SchemaMismatch) -> BookingTerms {
        BookingTerms(show: ShowID(show), customer: CustomerID(customer), items: try items.decoded(), price: try price.decoded(),
                     expiresAt: Instant(expiresAt), refundPolicy: refundPolicy.decoded, schedule: schedule.decoded)
    }
}

extension PBPaymentReceipt {
    init(_ receipt: PaymentReceipt) {
        self.init()
        order = receipt.order.rawValue
        payment = receipt.payment.rawValue
        amount = PBMoney(receipt.amount)
    }

    func decoded() throws(SchemaMismatch) -> PaymentReceipt {
        PaymentReceipt(order: OrderID(order), payment: PaymentID(payment), amount: try amount.decoded())
    }
}
