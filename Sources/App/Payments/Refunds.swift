public import Domain
public import DomainEvents
public import EventStore
public import Foundation

/// Money going back: a customer's cancellation under the show's policy, or a payment that could not be honoured.
/// The booking records the refund first (so it is never lost), the show takes the items back (seats return to
/// sale and the room hears it), then the gateway is asked; its webhook completes or fails the refund, and a failed
/// or unsent refund can be sent again.
public struct Refunds: Sendable {
    public let gateway: any PaymentGateway
    public let shows: CommandHandler<Show>
    public let bookings: CommandHandler<Booking>
    /// Tells the customer when a refund is processed; none in tests that only count refunds.
    let mail: BookingMail?
    /// Refunds being sent right now: a second caller (a racing verify and webhook) never sends one twice.
    public let sending = RefundsInFlight()

    public struct Outcome: Sendable {
        public var state: Booking.State
        public var position: GlobalPosition?

        public init(state: Booking.State, position: GlobalPosition? = nil) {
            self.state = state
            self.position = position
        }
    }

    /// The customer cancels `booking`. Asked again while its refund is unsent or failed, sends it again.
    public func cancel(_ booking: BookingID, customer: CustomerID, now: Instant) async throws -> Outcome {
        let stream = try Booking.stream(booking)
        let before = try await bookings.currentState(of: stream)
        guard let terms = before.terms, terms.customer == customer else { throw AppFailure.notFound("booking \(booking)") }
        var position: GlobalPosition?
        if before.refund == nil {
            let refund = RefundID("refund-\(UUID.random().lowercasedText)")
            do {
                if case .appended(_, let at) = try await bookings.handle(.requestRefund(by: customer, refund: refund, now: now), on: stream) {
                    position = at.lastPosition
                }
            } catch {
                throw AppFailure(error, booking: booking)
            }
        }
        return try await send(booking, stream: stream, position: position, now: now)
    }

    /// The show was cancelled: a confirmed booking gets back everything it paid, fees included. Asked again, sends
    /// a refund that never left.
    public func refundShowCancelled(_ booking: BookingID, now: Instant) async throws -> Outcome {
        let stream = try Booking.stream(booking)
        let refund = RefundID("refund-\(UUID.random().lowercasedText)")
        var position: GlobalPosition?
        do {
            if case .appended(_, let at) = try await bookings.handle(.refundInFull(refund: refund, now: now), on: stream) { position = at.lastPosition }
        } catch {
            throw AppFailure(error, booking: booking)
        }
        return try await send(booking, stream: stream, position: position, now: now)
    }

    /// A payment that cannot buy anything (the items went to someone else after the hold, or the booking was
    /// already paid): record a refund of all of it and send it.
    public func refundUnfulfillable(_ receipt: PaymentReceipt, booking: BookingID, now: Instant) async throws {
        let stream = try Booking.stream(booking)
        let refund = RefundID("refund-\(UUID.random().lowercasedText)")
        do {
            _ = try await bookings.handle(.refundUnfulfillablePayment(receipt, refund: refund, now: now), on: stream)
        } catch {
            // Already being refunded (a retried verify or webhook): send it again below if it never left.
            if case .rejected(.refundAlreadyRequested) = error {} else { throw AppFailure(error, booking: booking) }
        }
        _ = try await sendToGateway(booking, stream: stream, payment: receipt.payment, now: now)
    }

    /// Takes the items back on the show and sends the recorded refund to the gateway, unless it is already there.
    private func send(_ booking: BookingID, stream: StreamName, position: GlobalPosition?, now: Instant) async throws -> Outcome {
        var position = position
        let state = try await bookings.currentState(of: stream)
        guard let terms = state.terms, state.refund != nil else { throw AppFailure.noRefund(booking) }
        let showStream = try Show.stream(terms.show)
        do {
            if case .appended(_, let at) = try await shows.handle(.returnItems(booking: booking), on: showStream) {
                position = max(position ?? at.lastPosition, at.lastPosition)
            }
        } catch {
            throw AppFailure(error, show: terms.show)
        }
        let sent = try await sendToGateway(booking, stream: stream, payment: state.payment?.payment, now: now)
        if let sent { position = max(position ?? sent, sent) }
        return Outcome(state: try await bookings.currentState(of: stream), position: position)
    }

    /// Sends a requested or failed refund to the gateway; a free booking's refund of nothing completes at once.
    /// One caller at a time per refund, and it reads the booking again once it holds the claim.
    private func sendToGateway(_ booking: BookingID, stream: StreamName, payment: PaymentID?, now: Instant) async throws -> GlobalPosition? {
        guard let refund = try await bookings.currentState(of: stream).refund, await sending.claim(refund.id) else { return nil }
        do {
            let position = try await sendClaimed(booking, stream: stream, payment: payment, now: now)
            await sending.release(refund.id)
            return position
        } catch {
            await sending.release(refund.id)
            throw error
        }
    }

    private func sendClaimed(_ booking: BookingID, stream: StreamName, payment: PaymentID?, now: Instant) async throws -> GlobalPosition? {
        guard let refund = try await bookings.currentState(of: stream).refund else { return nil }
        switch refund.progress {
        case .processing, .processed: return nil
        case .requested, .failed: break
        }
        do {
            if let payment, !refund.amount.isZero {
                let reference = try await send(refund, of: booking, payment: payment)
                return try await bookings.handle(.startRefund(gatewayReference: reference), on: stream).lastPosition
            }
            return try await complete(booking, on: stream, now: now)
        } catch let error as CommandFailure<Booking.Rejection> {
            // The gateway's webhook got there first and completed it: nothing left to record.
            if case .rejected(.noRefundInProgress) = error { return nil }
            throw AppFailure(error, booking: booking)
        }
    }

    /// The gateway's id for `refund`: the one it already has (sent before a crash, or by a caller whose record of
    /// it has not landed yet), else a new refund.
    private func send(_ refund: Booking.Refund, of booking: BookingID, payment: PaymentID) async throws -> String {
        do {
            let existing = try await gateway.refunds(of: payment)
            if let sent = existing.first(where: { $0.notes["refundId"] == refund.id.rawValue && $0.status != .failed }) { return sent.id }
            return try await gateway.refund(payment, amount: refund.amount, notes: ["bookingId": booking.rawValue, "refundId": refund.id.rawValue]).id
        } catch {
            // Recorded as requested: the customer (or an operator) can send it again.
            throw AppFailure.refundNotSent(refund.id, reason: error.message)
        }
    }

    /// The gateway's word on a refund, by its webhook: only for the refund the booking is waiting for.
    public func settle(_ booking: BookingID, refund: RefundID?, gatewayReference: String, processed: Bool, reason: String, now: Instant) async throws {
        let stream = try Booking.stream(booking)
        let state = try await bookings.currentState(of: stream)
        guard let current = state.refund else { return }
        switch current.progress {
        case .processing(let reference) where reference == gatewayReference: break
        // The webhook can overtake the server's own record that it sent the refund.
        case .requested where refund == current.id, .failed where refund == current.id: break
        default: return
        }
        do {
            if processed {
                _ = try await complete(booking, on: stream, now: now)
            } else {
                _ = try await bookings.handle(.failRefund(reason: reason), on: stream)
            }
        } catch {
            if case .rejected(.noRefundInProgress) = error { return }
            throw AppFailure(error, booking: booking)
        }
    }

    public init(gateway: any PaymentGateway, shows: CommandHandler<Show>, bookings: CommandHandler<Booking>, mail: BookingMail? = nil) {
        self.gateway = gateway
        self.shows = shows
        self.bookings = bookings
        self.mail = mail
    }

    /// Completes the refund in the log; the customer is told once, by the command that recorded it.
    private func complete(_ booking: BookingID, on stream: StreamName, now: Instant) async throws(CommandFailure<Booking.Rejection>) -> GlobalPosition? {
        let outcome = try await bookings.handle(.completeRefund(now: now), on: stream)
        guard case .appended(let events, _) = outcome, events.contains(where: { if case .refundProcessed = $0 { true } else { false } }) else {
            return outcome.lastPosition
        }
        if let mail { await mail.refundProcessed(booking, state: try await bookings.state(of: stream)) }
        return outcome.lastPosition
    }
}
