import App
import Domain
import DomainEvents
import EventStore
import Hummingbird

/// `PUT /api/organizer/payout-details`: where the organizer is paid, for the signed-in organizer only (the
/// original let anyone overwrite any organizer's UPI id). The answer never echoes the account in full, nor does
/// `GET`, which says whether details are saved (the original's `details-exist`) and which ones, by their last four.
struct OrganizerAccountController {
    let sessions: SessionSigner
    let organizers: CommandHandler<Organizer>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/organizer/payout-details") { request, _ in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let details = try await organizers.currentState(of: try Organizer.stream(organizer)).payoutDetails
            return switch details {
            case nil: SavedDetails(saved: false)
            case .upi(let id)?: SavedDetails(saved: true, method: "upi", endingIn: String(id.suffix(4)))
            case .bankAccount(_, let number, _)?: SavedDetails(saved: true, method: "bankTransfer", endingIn: String(number.suffix(4)))
            }
        }
        router.put("api/organizer/payout-details") { request, _ in
            let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
            let body = try await request.json(DetailsBody.self)
            let details: PayoutDetails
            switch (body.upiId, body.accountHolder, body.accountNumber, body.ifsc) {
            case (let upi?, nil, nil, nil): details = .upi(id: upi)
            case (nil, let holder?, let number?, let ifsc?): details = .bankAccount(holder: holder, number: number, ifsc: ifsc)
            default:
                throw APIError.invalidBody("give either field upiId, or fields accountHolder, accountNumber and ifsc")
            }
            try await save(details, of: organizer)
            return Saved(method: body.upiId == nil ? "bankTransfer" : "upi", endingIn: String((body.upiId ?? body.accountNumber ?? "").suffix(4)))
        }
    }

    private func save(_ details: PayoutDetails, of organizer: OrganizerID) async throws {
        let stream = try Organizer.stream(organizer)
        do throws(CommandFailure<Organizer.Rejection>) {
            _ = try await organizers.handle(.setPayoutDetails(details, by: organizer, now: .now()), on: stream)
        } catch {
            throw APIError(error) { APIError(organizer: $0, id: organizer) }
        }
    }

    struct DetailsBody: Decodable {
        var upiId: String?
        var accountHolder: String?
        var accountNumber: String?
        var ifsc: String?
    }

    struct SavedDetails: ResponseEncodable {
        var saved: Bool
        var method: String?
        var endingIn: String?
    }

    struct Saved: ResponseEncodable {
        var method: String
        var endingIn: String
    }
}
