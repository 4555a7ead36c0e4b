import API
import Domain
import Foundation
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import NIOCore
import Testing

private struct Outbox: Decodable { struct Mail: Decodable { var text: String }; var mails: [Mail] }
private struct Enrolled: Decodable { var adminId: String; var otpauthUrl: String; var qrSvg: String }
private struct SignedIn: Decodable { var token: String }
private struct Decided: Decodable { var status: String }

@Suite("API: admins — invite, TOTP enrolment, sign-in, approvals")
struct AdminRoutesTests {
    /// RFC 6238 appendix B (SHA-1, the 20-byte ASCII key, 8 digits): the TOTP the admin sign-in uses.
    @Test(arguments: [(59, 94_287_082), (1_111_111_109, 7_081_804), (1_111_111_111, 14_050_471), (1_234_567_890, 89_005_924),
                      (2_000_000_000, 69_279_037), (20_000_000_000, 65_353_130)])
    func totpMatchesRFC6238(seconds: Double, expected: Int) {
        #expect(TOTP(secret: "12345678901234567890", length: 8).compute(date: Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func theFirstAdminAcceptsOnceSignsInWithPasswordAndCodeAndApprovesAShow() async throws {
        let email = "root@example.com"
        try await withDemoServerStores(firstAdmin: email) { client, _, _ in
            let driver = CheckoutDriver(client: client)
            // The invite's link arrives by mail.
            var token: String?
            for _ in 0..<100 where token == nil {
                let mails = try decode(Outbox.self, try await driver.get("/dev/outbox?to=\(email)", [:])).mails
                token = mails.first.flatMap { $0.text.range(of: #"[0-9a-f]{64}"#, options: .regularExpression).map { String(mails[0].text[$0]) } }
                if token == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            let invite = try #require(token)
            let json: HTTPFields = [.contentType: "application/json"]
            #expect(try await driver.post("/api/admin/invites/accept", json, #"{"email":"\#(email)","token":"\#(String(repeating: "0", count: 64))","password":"correct horse battery"}"#).status == .notFound)
            #expect(try await driver.post("/api/admin/invites/accept", json, #"{"email":"\#(email)","token":"\#(invite)","password":"short"}"#).status == .badRequest)
            let accepted = try await driver.post("/api/admin/invites/accept", json, #"{"email":"\#(email)","token":"\#(invite)","password":"correct horse battery"}"#)
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")
            let enrolment = try decode(Enrolled.self, accepted)
            #expect(enrolment.otpauthUrl.hasPrefix("otpauth://totp/") && enrolment.qrSvg.hasPrefix("<svg"))
            #expect(!String(buffer: accepted.body).contains("$2"))
            // Used once: the secret is never shown again.
            let again = try await driver.post("/api/admin/invites/accept", json, #"{"email":"\#(email)","token":"\#(invite)","password":"correct horse battery"}"#)
            #expect(again.status == .gone)
            #expect(try decode(ErrorBody.self, again).error.code == "invite_used")

            let key = try totpSecret(of: enrolment.otpauthUrl)
            let wrongPassword = try await driver.post("/api/auth/admin-login", json, #"{"email":"\#(email)","password":"wrong password!","code":"\#(totpCode(key))"}"#)
            #expect(wrongPassword.status == .unauthorized)
            let current = totpCode(key)
            let signedIn = try await driver.post("/api/auth/admin-login", json, #"{"email":"\#(email)","password":"correct horse battery","code":"\#(current)"}"#)
            #expect(signedIn.status == .ok, "\(String(buffer: signedIn.body))")
            #expect(!String(buffer: signedIn.body).contains("$2") && !String(buffer: signedIn.body).contains(key))
            // The same code again is a replay.
            #expect(try await driver.post("/api/auth/admin-login", json, #"{"email":"\#(email)","password":"correct horse battery","code":"\#(current)"}"#).status == .unauthorized)
            let admin: HTTPFields = [.contentType: "application/json", .authorization: "Bearer \(try decode(SignedIn.self, signedIn).token)"]

            // An organizer's draft, submitted, is approved by the admin; a rejection keeps its reason.
            let owner = try await organizer()
            let start = demoSeedTime.rawValue + 30 * 86_400_000
            for title in ["Approve me", "Reject me"] {
                let draft = #"{"kind":"open","title":"\#(title)","start":\#(start),"end":\#(start + 3_600_000),"categories":[{"id":"ga","name":"GA","capacity":50,"price":10000}]}"#
                let id = try decode(Edited.self, try await driver.post("/api/organizer/events", owner, draft)).eventId
                _ = try await driver.post("/api/organizer/events/\(id)/submit", owner, "{}")
                if title == "Approve me" {
                    #expect(try await driver.post("/api/admin/events/\(id)/approve", owner, "{}").status == .forbidden)
                    #expect(try decode(Decided.self, try await driver.post("/api/admin/events/\(id)/approve", admin, "{}")).status == "approved")
                } else {
                    #expect(try await driver.post("/api/admin/events/\(id)/reject", admin, #"{"reason":""}"#).status == .badRequest)
                    #expect(try decode(Decided.self, try await driver.post("/api/admin/events/\(id)/reject", admin, #"{"reason":"no venue given"}"#)).status == "rejected")
                }
            }
            // Admins invite admins; a customer cannot.
            #expect(try await driver.post("/api/admin/invites", try await customer("asha"), #"{"email":"x@example.com"}"#).status == .forbidden)
            #expect(try await driver.post("/api/admin/invites", admin, #"{"email":"second@example.com"}"#).status == .ok)
        }
    }

    @Test func fiveWrongSignInsLockTheAddress() async throws {
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let json: HTTPFields = [.contentType: "application/json"]
            let attempt = #"{"email":"nobody@example.com","password":"whatever it is","code":"123456"}"#
            for _ in 0..<5 { #expect(try await driver.post("/api/auth/admin-login", json, attempt).status == .unauthorized) }
            let locked = try await driver.post("/api/auth/admin-login", json, attempt)
            #expect(locked.status == .tooManyRequests)
            #expect(try decode(ErrorBody.self, locked).error.code == "too_many_attempts")
        }
    }
}

private struct Edited: Decodable { var eventId: String }
