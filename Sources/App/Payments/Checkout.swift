public import Domain
public import DomainEvents
public import EventStore
public import Foundation

/// Paying for a hold: an order for exactly the booking's server-priced total, then a payment confirmed against that
/// order only. Confirmation (from the customer's verify or the gateway's webhook, whichever comes first) sells the
/// items on the show and issues the tickets; every step is idempotent, so any number of retries and racing
/// webhooks confirm once and issue one set of tickets.
public struct Checkout: Sendable {
    public let gateway: any PaymentGateway
    public let shows: CommandHandler<Show>
    public let bookings: CommandHandler<Booking>
    public let refunds: Refunds
    public let mail: BookingMail

    public struct Order: Sendable {
        public var order: GatewayOrder
        public var booking: BookingID
        public var terms: BookingTerms
        public var position: GlobalPosition?

        public init(order: GatewayOrder, booking: BookingID, terms: BookingTerms, position: GlobalPosition? = nil) {
            self.order = order
            self.booking = booking
            self.terms = terms
            self.position = position
        }
    }

    public struct Confirmed: Sendable {
        public var booking: BookingID
        public var state: Booking.State
        public var position: GlobalPosition?

        public init(booking: BookingID, state: Booking.State, position: GlobalPosition? = nil) {
            self.booking = booking
            self.state = state
            self.position = position
        }
    }

    /// The order for `booking`: created at the gateway and recorded on the booking, or the one it already has.
    public func order(for booking: BookingID, customer: CustomerID, now: Instant) async throws -> Order {
        let stream = try Booking.stream(booking)
        let state = try await bookings.currentState(of: stream)
        guard let terms = state.terms, terms.customer == customer else { throw AppFailure.notFound("booking \(booking)") }
        if let existing = state.order { return Order(order: try await gatewayOrder(existing), booking: booking, terms: terms) }
        // The booking decides whether it can take an order (a hold, not free, not expired) before the gateway is
        // asked for one, so no order is made that nobody may pay; it decides again on the gateway's order id.
        do {
            _ = try Booking.decide(.createOrder(OrderID("order-to-be-created"), now: now), state)
        } catch {
            throw AppFailure.booking(error, booking)
        }
        let created: GatewayOrder
        do {
            created = try await gateway.createOrder(
                amount: terms.price.total, receipt: String(booking.rawValue.suffix(40)),
                notes: ["bookingId": booking.rawValue, "eventId": terms.show.rawValue])
        } catch {
            throw AppFailure.gateway(error)
        }
        do {
            switch try await bookings.handle(.createOrder(created.id, now: now), on: stream) {
            case .appended(_, let at): return Order(order: created, booking: booking, terms: terms, position: at.lastPosition)
            case .unchanged: return Order(order: created, booking: booking, terms: terms)
            }
        } catch {
            // Two requests raced: the other's order is the booking's; this gateway order is never paid.
            if case .rejected(.orderAlreadyCreated(let winner)) = error {
                return Order(order: try await gatewayOrder(winner), booking: booking, terms: terms)
            }
            throw AppFailure(error, booking: booking)
        }
    }

    /// Confirms `booking` with the gateway's payment `payment` of `order`. The payment must be captured, of this
    /// booking's order and exactly its total; the signature was checked by the caller.
    public func confirm(_ booking: BookingID, order: OrderID, payment paymentID: PaymentID, now: Instant) async throws -> Confirmed {
        let stream = try Booking.stream(booking)
        let state = try await bookings.currentState(of: stream)
        guard let terms = state.terms else { throw AppFailure.notFound("booking \(booking)") }
        guard state.order == order else { throw AppFailure.booking(.wrongOrder(expected: state.order, paid: order), booking) }
        if let paid = state.payment, paid.payment == paymentID { return Confirmed(booking: booking, state: state) }
        // This very payment is already going back because its items were gone (the webhook or an earlier verify
        // came first): the same answer as the call that found them gone, not the gateway's "refunded".
        if let refund = state.refund, refund.reason == .paymentUnfulfillable, refund.payment == paymentID, state.status != .confirmed {
            throw AppFailure.itemsGone(booking)
        }
        let payment: GatewayPayment
        do {
            payment = try await gateway.payment(paymentID)
        } catch {
            throw AppFailure.gateway(error)
        }
        guard payment.order == order else { throw AppFailure.wrongOrder("payment \(paymentID) belongs to another order") }
        guard payment.status == .captured else { throw AppFailure.paymentNotCaptured(paymentID, status: payment.status.rawValue) }
        let receipt = PaymentReceipt(order: order, payment: paymentID, amount: payment.amount)
        let tickets = (0..<terms.items.count).map { _ in TicketID("ticket-\(UUID.random().lowercasedText)") }
        // The booking decides whether this payment confirms it (its order, its exact total) before the show sells
        // anything for it. A second payment of a paid booking goes on: it is refunded below.
        do {
            _ = try Booking.decide(.confirmPayment(receipt, tickets: tickets, now: now), state)
        } catch {
            if case .alreadyPaid = error {} else { throw AppFailure.booking(error, booking) }
        }

        let showStream = try Show.stream(terms.show)
        do {
            _ = try await shows.handle(.sell(booking: booking, customer: terms.customer, items: terms.items, now: now), on: showStream)
        } catch {
            if case .rejected(let rejection) = error, rejection.meansItemsAreGone {
                // Paid after the hold ended and the seats went to someone else: the domain's rule is a full refund.
                try await refunds.refundUnfulfillable(receipt, booking: booking, now: now)
                throw AppFailure.itemsGone(booking)
            }
            throw AppFailure(error, show: terms.show)
        }
        let outcome: CommandOutcome<Booking.Event>
        do {
            outcome = try await bookings.handle(.confirmPayment(receipt, tickets: tickets, now: now), on: stream)
        } catch {
            if case .rejected(.alreadyPaid) = error {
                // A second payment for one booking (the gateway let an order be paid twice): give it back.
                try await refunds.refundUnfulfillable(receipt, booking: booking, now: now)
                throw AppFailure.paidTwice(booking, paymentID)
            }
            throw AppFailure(error, booking: booking)
        }
        let confirmed = try await bookings.currentState(of: stream)
        guard case .appended(_, let at) = outcome else { return Confirmed(booking: booking, state: confirmed) }
        // Only the call that confirmed sends the mail: a racing verify and webhook send one between them.
        await mail.confirmed(booking, state: confirmed)
        return Confirmed(booking: booking, state: confirmed, position: at.lastPosition)
    }

    /// The gateway says the payment failed: the booking records it (its hold still runs out on its own).
    public func fail(_ booking: BookingID, order: OrderID, reason: String) async throws {
        let stream = try Booking.stream(booking)
        do {
            _ = try await bookings.handle(.failPayment(order, reason: reason), on: stream)
        } catch {
            throw AppFailure(error, booking: booking)
        }
    }

    /// The booking behind a gateway order, from the notes the order was created with.
    public func booking(of order: OrderID) async throws -> BookingID? {
        do {
            return try await gateway.order(order).notes["bookingId"].map { BookingID($0) }
        } catch {
            if error.kind == .notFound { return nil }
            throw AppFailure.gateway(error)
        }
    }

    private func gatewayOrder(_ id: OrderID) async throws -> GatewayOrder {
        do {
            return try await gateway.order(id)
        } catch {
            throw AppFailure.gateway(error)
        }
    }

    public init(gateway: any PaymentGateway, shows: CommandHandler<Show>, bookings: CommandHandler<Booking>, refunds: Refunds, mail: BookingMail) {
        self.gateway = gateway
        self.shows = shows
        self.bookings = bookings
        self.refunds = refunds
        self.mail = mail
    }
}

extension Show.Rejection {
    /// The show can no longer sell what a late payment paid for.
    public var meansItemsAreGone: Bool {
        switch self {
        // A paid registration beyond the customer's limit (two of their holds raced) is refunded like a lost seat.
        case .itemsNoLongerAvailable, .showCancelled, .invalidRegistration(.alreadyRegistered): true
        default: false
        }
    }
}
