import App
import Domain
import DomainEvents
import EventStore
import Hummingbird

/// Who may see a booking's tickets: the customer who holds them and the organizer of their show. Anyone else is
/// told the booking does not exist, exactly as for one that does not.
struct TicketAccess: Sendable {
    let shows: CommandHandler<Show>
    let bookings: CommandHandler<Booking>
    let customers: CommandHandler<Customer>
    let signer: TicketSigner

    struct Granted: Sendable {
        var booking: BookingID
        var state: Booking.State
        var terms: BookingTerms
        var show: ShowConfiguration
    }

    func open(_ booking: BookingID, for identity: Identity) async throws -> Granted {
        let notFound = APIError.notFound("booking \(booking)")
        guard let stream = try? Booking.stream(booking) else { throw notFound }
        let state: Booking.State
        let show: Show.State
        do {
            state = try await bookings.state(of: stream)
            guard let terms = state.terms else { throw notFound }
            show = try await shows.state(of: Show.stream(terms.show))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.storeUnavailable()
        }
        guard let terms = state.terms, let configuration = show.configuration else { throw notFound }
        let allowed = switch identity.role {
        case .customer: terms.customer.rawValue == identity.id
        case .organizer: configuration.organizer.rawValue == identity.id
        case .admin: false
        }
        guard allowed else { throw notFound }
        return Granted(booking: booking, state: state, terms: terms, show: configuration)
    }

    /// An online show's access link, for a confirmed booking that was not refunded (asked for or paid); `nil` for
    /// anything else, so a refunded customer no longer gets in.
    func accessLink(of granted: Granted) -> String? {
        guard granted.show.kind == .online, granted.state.status == .confirmed, granted.state.refund == nil else { return nil }
        return granted.show.accessLink
    }

    /// Whose name is on the tickets: the customer's e-mail (their id if the account has none).
    func holder(of terms: BookingTerms) async -> String {
        guard let stream = try? Customer.stream(terms.customer),
              let email = try? await customers.state(of: stream).email
        else { return terms.customer.rawValue }
        return email
    }

    /// The booking's tickets in issue order, each with its signed token.
    func tickets(of granted: Granted) throws -> [TicketView] {
        try granted.state.ticketOrder.compactMap { id -> TicketView? in
            guard let ticket = granted.state.tickets[id] else { return nil }
            let claims = TicketClaims(ticket: id, booking: granted.booking, show: granted.terms.show, admits: ticket.admits)
            return TicketView(
                ticketId: id.rawValue, admits: ticket.admits, token: try signer.token(for: claims),
                status: granted.state.refund != nil ? "refunded" : ticket.checkedIn == nil ? "valid" : "used",
                checkedInAt: ticket.checkedIn?.at.rawValue)
        }
    }
}

/// One ticket as its holder sees it.
struct TicketView: Codable, Sendable {
    var ticketId: String
    var admits: String
    /// What the QR code holds (`tkt1.…`): verifiable offline with `GET /api/ticket/public-key`.
    var token: String
    /// `valid`, `used` or `refunded`.
    var status: String
    var checkedInAt: Int64?
}
