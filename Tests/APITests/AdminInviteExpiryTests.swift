@testable import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API: an admin invite that ran out")
struct AdminInviteExpiryTests {
    /// The invite was made two hours ago (its own event says so), so the hour is over when its link is used: the
    /// answer is 410 naming when it expired, and nothing is appended. The server's clock is the real one; the
    /// past comes from the log, as it would for an invitee who waited too long.
    @Test func anExpiredInviteIsRefusedOverHTTPAndChangesNothing() async throws {
        let email = "late@example.com"
        let token = AdminSecrets.newToken()
        let invitedAt = Instant.now().adding(.hours(-2))
        try await withDemoServerStores { client, log, _ in
            let stream = try AdminInvite.stream(email: email)
            _ = try await CommandHandler<AdminInvite>(log: log).handle(
                .invite(email: email, tokenHash: AdminSecrets.hashToken(token), by: DemoData.admin, now: invitedAt), on: stream)
            let head = try await log.head()
            let driver = CheckoutDriver(client: client)
            let refused = try await driver.post("/api/admin/invites/accept", [.contentType: "application/json"],
                                                #"{"email":"\#(email)","token":"\#(token)","password":"correct horse battery"}"#)
            #expect(refused.status == .gone)
            let error = try decode(ErrorBody.self, refused).error
            #expect(error.code == "invite_expired")
            #expect(error.message == "the invite expired at \(invitedAt.adding(AdminInvite.lifetime).iso8601)")
            #expect(!String(buffer: refused.body).contains("otpauth"))
            #expect(try await log.head() == head)
            #expect(try await log.read(stream: stream, from: .first, direction: .forwards, limit: 10).map(\.type) == ["AdminInvited"])
        }
    }
}
