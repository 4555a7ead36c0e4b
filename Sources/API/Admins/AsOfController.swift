import App
import Domain
import EventStore
import Foundation
import Hummingbird

/// `GET /api/admin/events/:eventId/as-of?position=N` (or `?at=` milliseconds since 1970): the show's seat map,
/// bookings and ledger as they stood then, folded from the log (admins only) — the API's face of `tktplz replay`.
struct AsOfController {
    let sessions: SessionSigner
    let log: any EventLog

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/admin/events/:eventId/as-of") { request, context -> AsOfResponse in
            _ = try await request.identity(sessions, as: .admin)
            let show = ShowID(try context.parameters.id("eventId"))
            let query = request.uri.queryParameters
            let position: GlobalPosition
            do {
                switch (query["position"].map(String.init), query["at"].map(String.init)) {
                case (let text?, nil):
                    guard let value = UInt64(text) else { throw APIError.invalidQuery("query parameter position must be a log position") }
                    position = GlobalPosition(min(value, try await log.head().rawValue))
                case (nil, let text?):
                    guard let milliseconds = Int64(text) else { throw APIError.invalidQuery("query parameter at must be milliseconds since 1970") }
                    position = try await log.lastPosition(atOrBefore: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
                default:
                    throw APIError.invalidQuery("give exactly one of the query parameters position and at")
                }
                guard let asOf = try await ShowAsOf.load(show, through: position, log: log) else {
                    throw APIError.notFound("event \(show) as of position \(position.rawValue)")
                }
                return AsOfResponse(asOf: asOf)
            } catch let error as APIError {
                throw error
            } catch {
                throw APIError.storeUnavailable()
            }
        }
    }
}

/// The show as of then, encoded as itself.
struct AsOfResponse: ResponseEncodable {
    let asOf: ShowAsOf
    func encode(to encoder: any Encoder) throws { try asOf.encode(to: encoder) }
}
