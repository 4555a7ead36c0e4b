import App
import Domain
import DomainEvents
import EventStore
import Hummingbird

/// `GET /api/admin/payouts/:eventId/details`: where the show's organizer is paid, for the admin who pays them. The
/// read is recorded in the organizer's stream before the details are answered (who looked, when), so an audit of
/// the log lists every admin who saw an organizer's account.
struct PayoutDetailsController {
    let sessions: SessionSigner
    let shows: CommandHandler<Show>
    let organizers: CommandHandler<Organizer>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/admin/payouts/:eventId/details") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let show = ShowID(try context.parameters.id("eventId"))
            let organizer: OrganizerID
            do {
                guard let configuration = try await shows.state(of: try Show.stream(show)).configuration else {
                    throw APIError.notFound("event \(show)")
                }
                organizer = configuration.organizer
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.storeUnavailable()
            }
            let stream = try Organizer.stream(organizer)
            let state: Organizer.State
            do {
                state = try await organizers.state(of: stream)
            } catch {
                throw APIError.storeUnavailable()
            }
            guard let details = state.payoutDetails else {
                throw APIError.notFound("payout details of organizer \(organizer) (they have not set any)")
            }
            let recorded: UInt64?
            do {
                recorded = try await organizers.handle(.recordPayoutDetailsRead(by: admin, now: .now()), on: stream).lastPosition?.rawValue
            } catch {
                // No record, no reveal.
                throw APIError.storeUnavailable("the read could not be recorded, so the details are not shown; try again")
            }
            return Read(eventId: show.rawValue, organizerId: organizer.rawValue, details: Read.Details(details), position: recorded)
        }
    }

    struct Read: ResponseEncodable {
        struct Details: Encodable {
            /// `upi` or `bankAccount`.
            var method: String
            var upiId: String?
            var holder: String?
            var accountNumber: String?
            var ifsc: String?

            init(_ details: PayoutDetails) {
                switch details {
                case .upi(let id):
                    method = "upi"
                    upiId = id
                case let .bankAccount(holder, number, ifsc):
                    method = "bankAccount"
                    self.holder = holder
                    accountNumber = number
                    self.ifsc = ifsc
                }
            }
        }
        var eventId: String
        var organizerId: String
        var details: Details
        /// Where the read was recorded in the log.
        var position: UInt64?
    }
}
