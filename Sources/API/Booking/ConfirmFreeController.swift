import App
import Domain
import EventStore
import Hummingbird

/// `POST /api/booking/confirm`: a hold that costs nothing becomes tickets with no payment.
struct ConfirmFreeController {
    let sessions: SessionSigner
    let free: FreeConfirmation
    let access: TicketAccess
    let mail: BookingMail

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/booking/confirm") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(PaymentController.OrderBody.self)
            let booking = try BookingID(field: "bookingId", body.bookingId)
            let granted = try await access.open(booking, for: customer)
            // Checked before the show is asked to sell: a paid hold must never become a sale without its payment.
            guard granted.terms.price.isFree else {
                throw APIError.paymentRequired("booking \(booking) costs \(granted.terms.price.total): pay for it through /api/payment/order")
            }
            let confirmed = try await free.confirm(booking, show: granted.terms.show, customer: granted.terms.customer, items: granted.terms.items, now: .now())
            let reopened = try await access.open(booking, for: customer)
            await mail.confirmed(booking, state: reopened.state)
            return ConfirmationResponse(bookingId: booking.rawValue, status: reopened.state.status.rawValue,
                                        tickets: try access.tickets(of: reopened), position: confirmed.position.rawValue)
        }
    }
}
