import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import Projections
import TicketRendering

/// `/api/admin` and admin sign-in: inviting admins, accepting an invite (password and TOTP, the URI shown once),
/// signing in with all three; approving or rejecting submitted shows (the reason is kept for the organizer); and
/// the payout steps an admin takes — receipt, then payment initiated — before the organizer confirms it.
struct AdminController {
    let sessions: SessionSigner
    let accounts: AdminAccounts
    let log: any EventLog
    let store: ProjectionStore
    let listings: ProjectionRunner<ShowListingProjection>
    let shows: CommandHandler<Show>
    let payouts: CommandHandler<Payout>
    let cookies: CookiePolicy

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("api/auth/admin-login") { request, _ in
            let body = try await request.json(SignInBody.self)
            let (identity, token) = try await accounts.signIn(email: body.email, password: body.password, code: body.code, now: Date())
            return EditedResponse(headers: [.setCookie: SessionCookie.setting(token, cookies).description],
                                  response: AdminSignedIn(role: identity.role.rawValue, user: identity, token: token))
        }
        router.post("api/admin/invites") { request, _ in
            let admin = try await request.identity(sessions, as: .admin)
            let body = try await request.json(InviteBody.self)
            let expires = try await accounts.invite(body.email, by: AdminID(admin.id), now: .now())
            return Invited(email: body.email.lowercased(), expiresAt: expires.rawValue)
        }
        router.post("api/admin/invites/accept") { request, _ in
            let body = try await request.json(AcceptBody.self)
            let enrolment = try await accounts.accept(email: body.email, token: body.token, password: body.password, now: .now())
            let qr: String
            do {
                qr = try QRCode(enrolment.otpauthURL).svg()
            } catch {
                throw APIError.internalFailure("the enrolment code could not be drawn")
            }
            return Enrolled(adminId: enrolment.admin.rawValue, otpauthUrl: enrolment.otpauthURL, qrSvg: qr,
                            note: "Scan it into an authenticator app now: it is not shown again.")
        }
        router.get("api/admin/events") { request, _ in
            _ = try await request.identity(sessions, as: .admin)
            let status = request.uri.queryParameters.get("status") ?? "submitted"
            guard ShowStatus(rawValue: status) != nil else {
                throw APIError.invalidQuery("status must be a show status such as submitted, approved or rejected")
            }
            try await ReadYourWrites(log: log).await(request, listings)
            do {
                let matching = try store.allViews(ShowListingProjection.self).filter { $0.status.rawValue == status }
                return AdminShows(events: matching.map { AdminShows.Item(eventId: $0.id, title: $0.details.title, organizerId: $0.organizer.rawValue,
                                                                          status: $0.status.rawValue, start: $0.schedule.start.rawValue) },
                                  position: listings.position.rawValue)
            } catch {
                throw APIError.storeUnavailable()
            }
        }
        router.post("api/admin/events/:eventId/approve") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let show = ShowID(try context.parameters.id("eventId"))
            return try await decide(.approve(by: admin), on: show)
        }
        router.post("api/admin/events/:eventId/reject") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let show = ShowID(try context.parameters.id("eventId"))
            let body = try await request.json(RejectBody.self)
            guard !body.reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw APIError.invalidBody("field reason must tell the organizer why")
            }
            return try await decide(.reject(by: admin, reason: body.reason), on: show)
        }
        router.post("api/admin/payouts/:eventId/initiate") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            let body = try await request.json(InitiateBody.self)
            guard let method = PayoutMethod(rawValue: body.method) else {
                throw APIError.invalidBody("field method must be upi or bankTransfer")
            }
            return try await step(.initiate(by: admin, method: method, reference: body.reference, now: .now()),
                                  show: ShowID(try context.parameters.id("eventId")))
        }
    }

    private func decide(_ command: Show.Command, on show: ShowID) async throws -> ShowDecided {
        let stream = try Show.stream(show)
        do {
            let outcome = try await shows.handle(command, on: stream)
            let status = try await shows.state(of: stream).status
            let position: UInt64? = outcome.lastPosition?.rawValue
            return ShowDecided(eventId: show.rawValue, status: status.rawValue, position: position)
        } catch {
            throw APIError(command: error, show: show)
        }
    }

    private func step(_ command: Payout.Command, show: ShowID) async throws -> PayoutStep {
        try await PayoutSteps(payouts: payouts).run(command, show: show)
    }

    struct SignInBody: Decodable { var email: String; var password: String; var code: String }
    struct InviteBody: Decodable { var email: String }
    struct AcceptBody: Decodable { var email: String; var token: String; var password: String }
    struct RejectBody: Decodable { var reason: String }
    struct InitiateBody: Decodable { var method: String; var reference: String }
}

/// One payout step, answered with where the payout now is; out-of-order steps are refused with the status.
struct PayoutSteps: Sendable {
    let payouts: CommandHandler<Payout>

    func run(_ command: Payout.Command, show: ShowID) async throws -> PayoutStep {
        let stream = try Payout.stream(show)
        do {
            let outcome = try await payouts.handle(command, on: stream)
            let status = try await payouts.state(of: stream).status
            let position: UInt64? = outcome.lastPosition?.rawValue
            return PayoutStep(eventId: show.rawValue, status: status.rawValue, position: position)
        } catch {
            throw APIError(error) { APIError(payout: $0, show: show) }
        }
    }
}

struct PayoutStep: ResponseEncodable {
    var eventId: String
    var status: String
    var position: UInt64?
}

struct ShowDecided: ResponseEncodable {
    var eventId: String
    var status: String
    var position: UInt64?
}

struct AdminSignedIn: ResponseEncodable {
    var role: String
    var user: Identity
    var token: String
}

struct Invited: ResponseEncodable {
    var email: String
    var expiresAt: Int64
}

struct Enrolled: ResponseEncodable {
    var adminId: String
    var otpauthUrl: String
    var qrSvg: String
    var note: String
}

struct AdminShows: ResponseEncodable {
    struct Item: Encodable {
        var eventId: String
        var title: String
        var organizerId: String
        var status: String
        var start: Int64
    }
    var events: [Item]
    var position: UInt64
}
