import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird

/// Paying for a hold: an order for exactly the booking's server-priced total, then a payment confirmed against that
/// order only. Confirmation (from the customer's verify or the gateway's webhook, whichever comes first) sells the
/// items on the show and issues the tickets; every step is idempotent, so any number of retries and racing
/// webhooks confirm once and issue one set of tickets.
struct Checkout: Sendable {
    let gateway: any PaymentGateway
    let shows: CommandHandler<Show>
    let bookings: CommandHandler<Booking>
    let refunds: Refunds
    let mail: BookingMail

    struct Order: Sendable {
        var order: GatewayOrder
        var booking: BookingID
        var terms: BookingTerms
        var position: GlobalPosition?
    }

    struct Confirmed: Sendable {
        var booking: BookingID
        var state: Booking.State
        var position: GlobalPosition?
    }

    /// The order for `booking`: created at the gateway and recorded on the booking, or the one it already has.
    func order(for booking: BookingID, customer: CustomerID, now: Instant) async throws -> Order {
        let stream = try HoldProcess.bookingStream(booking)
        let state = try await bookings.currentState(of: stream)
        guard let terms = state.terms, terms.customer == customer else { throw APIError.notFound("booking \(booking)") }
        if let existing = state.order { return Order(order: try await gatewayOrder(existing), booking: booking, terms: terms) }
        guard !terms.price.isFree else {
            throw APIError(.conflict, code: "nothing_to_pay", "booking \(booking) is free: confirm it with POST /api/booking/confirm")
        }
        guard state.status == .held else { throw APIError(.conflict, code: "not_payable", "booking \(booking) is \(state.status.rawValue), not held") }
        guard now < terms.expiresAt else { throw APIError(.conflict, code: "hold_expired", "the hold of booking \(booking) has expired") }
        let created: GatewayOrder
        do {
            created = try await gateway.createOrder(
                amount: terms.price.total, receipt: String(booking.rawValue.suffix(40)),
                notes: ["bookingId": booking.rawValue, "eventId": terms.show.rawValue])
        } catch {
            throw APIError(gateway: error)
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
            throw APIError(booking: error, id: booking)
        }
    }

    /// Confirms `booking` with the gateway's payment `payment` of `order`. The payment must be captured, of this
    /// booking's order and exactly its total; the signature was checked by the caller.
    func confirm(_ booking: BookingID, order: OrderID, payment paymentID: PaymentID, now: Instant) async throws -> Confirmed {
        let stream = try HoldProcess.bookingStream(booking)
        let state = try await bookings.currentState(of: stream)
        guard let terms = state.terms else { throw APIError.notFound("booking \(booking)") }
        guard state.order == order else {
            throw APIError(.badRequest, code: "wrong_order", "the payment is for order \(order), not for booking \(booking)'s order")
        }
        if let paid = state.payment, paid.payment == paymentID { return Confirmed(booking: booking, state: state) }
        let payment: GatewayPayment
        do {
            payment = try await gateway.payment(paymentID)
        } catch {
            throw APIError(gateway: error)
        }
        guard payment.order == order else {
            throw APIError(.badRequest, code: "wrong_order", "payment \(paymentID) belongs to another order")
        }
        guard payment.status == .captured else {
            throw APIError(.conflict, code: "payment_not_captured", "payment \(paymentID) is \(payment.status.rawValue), not captured")
        }
        guard payment.amount == terms.price.total else {
            throw APIError(.badRequest, code: "amount_mismatch", "payment \(paymentID) is for \(payment.amount), the booking costs \(terms.price.total)")
        }
        let receipt = PaymentReceipt(order: order, payment: paymentID, amount: payment.amount)

        let showStream = try Show.stream(terms.show)
        do {
            _ = try await shows.handle(.sell(booking: booking, customer: terms.customer, items: terms.items, now: now), on: showStream)
        } catch {
            if case .rejected(let rejection) = error, rejection.meansItemsAreGone {
                // Paid after the hold ended and the seats went to someone else: the domain's rule is a full refund.
                try await refunds.refundUnfulfillable(receipt, booking: booking, now: now)
                throw APIError(.conflict, code: "items_gone",
                               "the hold of booking \(booking) ended and its items were taken before the payment arrived; the payment is refunded in full")
            }
            throw APIError(command: error, show: terms.show)
        }
        let tickets = (0..<terms.items.count).map { _ in TicketID("ticket-\(UUID.random().uuidString.lowercased())") }
        let outcome: CommandOutcome<Booking.Event>
        do {
            outcome = try await bookings.handle(.confirmPayment(receipt, tickets: tickets, now: now), on: stream)
        } catch {
            if case .rejected(.alreadyPaid) = error {
                // A second payment for one booking (the gateway let an order be paid twice): give it back.
                try await refunds.refundUnfulfillable(receipt, booking: booking, now: now)
                throw APIError(.conflict, code: "already_paid", "booking \(booking) was already paid; payment \(paymentID) is refunded")
            }
            throw APIError(booking: error, id: booking)
        }
        let confirmed = try await bookings.currentState(of: stream)
        guard case .appended(_, let at) = outcome else { return Confirmed(booking: booking, state: confirmed) }
        // Only the call that confirmed sends the mail: a racing verify and webhook send one between them.
        await mail.confirmed(booking, state: confirmed)
        return Confirmed(booking: booking, state: confirmed, position: at.lastPosition)
    }

    /// The gateway says the payment failed: the booking records it (its hold still runs out on its own).
    func fail(_ booking: BookingID, order: OrderID, reason: String) async throws {
        let stream = try HoldProcess.bookingStream(booking)
        do {
            _ = try await bookings.handle(.failPayment(order, reason: reason), on: stream)
        } catch {
            throw APIError(booking: error, id: booking)
        }
    }

    /// The booking behind a gateway order, from the notes the order was created with.
    func booking(of order: OrderID) async throws -> BookingID? {
        do {
            return try await gateway.order(order).notes["bookingId"].map { BookingID($0) }
        } catch {
            if error.kind == .notFound { return nil }
            throw APIError(gateway: error)
        }
    }

    private func gatewayOrder(_ id: OrderID) async throws -> GatewayOrder {
        do {
            return try await gateway.order(id)
        } catch {
            throw APIError(gateway: error)
        }
    }
}

extension Show.Rejection {
    /// The show can no longer sell what a late payment paid for.
    var meansItemsAreGone: Bool {
        switch self {
        // A paid registration beyond the customer's limit (two of their holds raced) is refunded like a lost seat.
        case .itemsNoLongerAvailable, .showCancelled, .invalidRegistration(.alreadyRegistered): true
        default: false
        }
    }
}
