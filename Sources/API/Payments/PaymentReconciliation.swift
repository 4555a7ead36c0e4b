import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import Logging

/// The third road to a payment's outcome, for when neither the customer's verify nor the gateway's webhook arrived
/// (the tab closed, the server died with the webhook in flight): ask the gateway what was paid for the booking's
/// order and settle what it says through `Checkout.confirm`, the path verify and webhooks take. So one situation
/// has one answer whichever road reaches it first: tickets while the items can still be sold, else a full refund.
///
/// Asked before an ordered hold ends (expiry, release, a replacing hold) and afterwards on `PaymentCheckDue` timers.
struct PaymentReconciliation: Sendable {
    let gateway: any PaymentGateway
    let checkout: Checkout
    let bookings: CommandHandler<Booking>
    let logger: Logger

    /// What the gateway said about a booking's order.
    enum Finding: Sendable, Equatable {
        /// Nothing to ask: no order, or its payment (or its refund) is already recorded.
        case settled
        /// The gateway has no captured payment for the order yet; it may still be paid.
        case unpaid
        /// A captured payment was found and recorded now: the booking is confirmed, or refunded in full.
        case paid
        /// The gateway could not be asked; ask again later.
        case unknown

        /// The order may still be paid and nobody would hear of it: a later check is owed.
        var isOpen: Bool { self == .unpaid || self == .unknown }
    }

    /// Settles `booking`'s order with what the gateway knows. Throws only when the log fails.
    func reconcile(_ booking: BookingID, now: Instant) async throws(APIError) -> Finding {
        let stream: StreamName
        do {
            stream = try HoldProcess.bookingStream(booking)
        } catch {
            return .settled
        }
        let state = try await bookings.currentState(of: stream)
        guard let order = state.order, state.payment == nil, state.refund == nil else { return .settled }
        let attempts: [GatewayPayment]
        do {
            attempts = try await gateway.payments(of: order)
        } catch {
            logger.warning("reconciliation could not ask the gateway", metadata: ["booking": "\(booking)", "reason": "\(error)"])
            return .unknown
        }
        guard let captured = attempts.first(where: { $0.status == .captured }) else { return .unpaid }
        do {
            _ = try await checkout.confirm(booking, order: order, payment: captured.id, now: now)
        } catch let error as APIError where error.status.code < 500 {
            // Settled another way: too late for the items (refunded in full), or a second payment given back.
            logger.info("reconciliation settled a payment without tickets", metadata: ["booking": "\(booking)", "reason": "\(error.message)"])
        } catch let error as APIError {
            if error.code == "gateway_unavailable" { return .unknown }
            throw error
        } catch {
            throw APIError.storeUnavailable()
        }
        logger.notice("reconciliation found a payment no verify or webhook had reported", metadata: ["booking": "\(booking)", "payment": "\(captured.id)"])
        return .paid
    }

    /// `reconcile`, for a hold about to end: a gateway that cannot be asked does not keep the items held (the hold
    /// ends; the follow-up checks settle a late payment as any late payment is settled).
    func beforeEnding(_ booking: BookingID, now: Instant) async throws(APIError) -> (Finding, [ScheduledEvent]) {
        let finding = try await reconcile(booking, now: now)
        guard finding.isOpen else { return (finding, []) }
        do {
            return (finding, [try PaymentCheckDue(booking: booking, attempt: 0).scheduled(after: now)])
        } catch {
            throw APIError(.internalServerError, code: "internal", "the payment check of booking \(booking) could not be scheduled")
        }
    }
}
