public import Domain
public import DomainEvents
public import EventStore
public import Foundation
public import Logging

/// The third road to a payment's outcome, for when neither the customer's verify nor the gateway's webhook arrived
/// (the tab closed, the server died with the webhook in flight): ask the gateway what was paid for the booking's
/// order and settle what it says through `Checkout.confirm`, the path verify and webhooks take. So one situation
/// has one answer whichever road reaches it first: tickets while the items can still be sold, else a full refund.
///
/// Asked before an ordered hold ends (expiry, release, a replacing hold) and afterwards on `PaymentCheckDue` timers.
public struct PaymentReconciliation: Sendable {
    public let gateway: any PaymentGateway
    public let checkout: Checkout
    public let bookings: CommandHandler<Booking>
    public let logger: Logger

    /// What the gateway said about a booking's order.
    public enum Finding: Sendable, Equatable {
        /// Nothing to ask: no order, or its payment (or its refund) is already recorded.
        case settled
        /// The gateway has no captured payment for the order yet; it may still be paid.
        case unpaid
        /// A captured payment was found and recorded now: the booking is confirmed, or refunded in full.
        case paid
        /// The gateway could not be asked; ask again later.
        case unknown

        /// The order may still be paid and nobody would hear of it: a later check is owed.
        public var isOpen: Bool { self == .unpaid || self == .unknown }
    }

    /// Settles `booking`'s order with what the gateway knows. Throws only when the log fails.
    public func reconcile(_ booking: BookingID, now: Instant) async throws(AppFailure) -> Finding {
        let stream: StreamName
        do {
            stream = try Booking.stream(booking)
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
        } catch let error as AppFailure where !error.isFault {
            // Settled another way: too late for the items (refunded in full), or a second payment given back.
            logger.info("reconciliation settled a payment without tickets", metadata: ["booking": "\(booking)", "reason": "\(error)"])
        } catch let error as AppFailure {
            if case .gateway = error { return .unknown }
            throw error
        } catch {
            throw AppFailure.storeUnavailable
        }
        logger.notice("reconciliation found a payment no verify or webhook had reported", metadata: ["booking": "\(booking)", "payment": "\(captured.id)"])
        return .paid
    }

    /// `reconcile`, for a hold about to end: a gateway that cannot be asked does not keep the items held (the hold
    /// ends; the follow-up checks settle a late payment as any late payment is settled).
    public func beforeEnding(_ booking: BookingID, now: Instant) async throws(AppFailure) -> (Finding, [ScheduledEvent]) {
        let finding = try await reconcile(booking, now: now)
        guard finding.isOpen else { return (finding, []) }
        do {
            return (finding, [try PaymentCheckDue(booking: booking, attempt: 0).scheduled(after: now)])
        } catch {
            throw AppFailure.bug("the payment check of booking \(booking) could not be scheduled")
        }
    }

    public init(gateway: any PaymentGateway, checkout: Checkout, bookings: CommandHandler<Booking>, logger: Logger) {
        self.gateway = gateway
        self.checkout = checkout
        self.bookings = bookings
        self.logger = logger
    }
}
