import App
import Domain
import DomainEvents
import EventStore
import Logging
import ServiceLifecycle

/// Somebody has to invite the first admin: at start, the address in `ADMIN_EMAIL` (in development, by default
/// `admin@demo.tktplz`) is invited if it never was, or again if its invite ran out unused (else nobody could ever
/// become the first admin), and the link goes to its mailbox (the outbox in development). Then the service waits
/// for shutdown, as the others do.
struct FirstAdminInvite: Service {
    let email: String?
    let accounts: AdminAccounts
    let logger: Logger

    func run() async throws {
        if let email {
            let state = try await accounts.invites.state(of: try AdminInvite.stream(email: email))
            let lapsed = state.acceptedBy == nil && (state.expiresAt.map { $0 <= .now() } ?? true)
            if state.email == nil || lapsed {
                _ = try await accounts.invite(email, by: AdminID("system"), now: .now())
                logger.notice("invited the first admin, \(email): the link is in their mail (in development, /dev/outbox?to=\(email))")
            }
        }
        try await gracefulShutdown()
    }
}
