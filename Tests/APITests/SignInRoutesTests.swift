import API
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Outbox: Decodable {
    struct Mail: Decodable { var to: String; var text: String }
    var mails: [Mail]
}

private struct SignedIn: Decodable {
    struct User: Decodable { var role: String; var id: String; var email: String }
    var role: String
    var user: User
    var token: String
}

private func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
/// The code the outbox holds for `email`: the newest mail's six digits.
private func code(for email: String, _ client: any TestClientProtocol) async throws -> String {
    try await client.execute(uri: "/dev/outbox?to=\(email)", method: .get) { response in
        let mail = try #require(try decode(Outbox.self, response).mails.first)
        return String(mail.text.filter(\.isNumber).prefix(6))
    }
}

@Suite("API: sign-in by passcode")
struct SignInRoutesTests {
    @Test func aCustomerSignsUpWithTheCodeFromTheOutboxAndIsSignedIn() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(#"{"name":"Asha","email":"Asha@Example.com"}"#)) { response in
                #expect(response.status == .ok)
            }
            let code = try await code(for: "asha@example.com", client)
            let token = try await client.execute(uri: "/api/auth/verify-otp", method: .post,
                                                 body: json(#"{"email":"asha@example.com","inputOtp":"\#(code)"}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.contains("HttpOnly") == true)
                #expect(response.headers[.setCookie]?.contains("SameSite=Lax") == true)
                let signedIn = try decode(SignedIn.self, response)
                #expect(signedIn.role == "customer")
                #expect(signedIn.user.email == "asha@example.com")
                return signedIn.token
            }
            try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
            }
            // The code is used: replaying it signs nobody in.
            try await client.execute(uri: "/api/auth/verify-otp", method: .post,
                                     body: json(#"{"email":"asha@example.com","inputOtp":"\#(code)"}"#)) { response in
                #expect(response.status == .badRequest)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "no_code")
            }
        }
    }

    @Test func signingUpTwiceIsAConflictAndSigningInWithoutAnAccountIsA404() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/auth/user-login", method: .post, body: json(#"{"email":"nobody@example.com"}"#)) { response in
                #expect(response.status == .notFound)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "no_account")
            }
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(#"{"name":"Ravi","email":"ravi@example.com"}"#)) { _ in }
            let code = try await code(for: "ravi@example.com", client)
            try await client.execute(uri: "/api/auth/verify-otp", method: .post, body: json(#"{"email":"ravi@example.com","inputOtp":"\#(code)"}"#)) { _ in }
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(#"{"name":"Ravi","email":"ravi@example.com"}"#)) { response in
                #expect(response.status == .conflict)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "already_registered")
            }
        }
    }

    @Test func wrongCodesCountDownAndTheSixthTryIsRefusedEvenWithTheRightCode() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/auth/orgn-reg", method: .post,
                                     body: json(#"{"name":"Org","email":"org@example.com","phoneNo":"9000000000"}"#)) { _ in }
            let code = try await code(for: "org@example.com", client)
            let wrong = code == "000000" ? "111111" : "000000"
            for left in (0..<5).reversed() {
                try await client.execute(uri: "/api/auth/verify-otp", method: .post, body: json(#"{"email":"org@example.com","inputOtp":"\#(wrong)"}"#)) { response in
                    #expect(response.status == .unauthorized)
                    let error = try decode(ErrorBody.self, response).error
                    #expect(error.message.contains("\(left) attempt(s) left"))
                }
            }
            try await client.execute(uri: "/api/auth/verify-otp", method: .post, body: json(#"{"email":"org@example.com","inputOtp":"\#(code)"}"#)) { response in
                #expect(response.status == .tooManyRequests)
            }
        }
    }

    @Test func aPasscodeLockoutSurvivesNewCodesAndSaysWhenToComeBack() async throws {
        try await withDemoServer { client, log in
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(#"{"name":"Zoe","email":"zoe@example.com"}"#)) { _ in }
            let code = try await code(for: "zoe@example.com", client)
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 0..<5 {
                try await client.execute(uri: "/api/auth/verify-otp", method: .post, body: json(#"{"email":"zoe@example.com","inputOtp":"\#(wrong)"}"#)) { _ in }
            }
            let head = try await log.head()
            // A fresh code would have reset the count per code; the address stays locked for the hour.
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(#"{"name":"Zoe","email":"zoe@example.com"}"#)) { response in
                #expect(response.status == .tooManyRequests)
                #expect(try decode(ErrorBody.self, response).error.code == "locked_out")
                let retryAfter = try #require(response.headers[.retryAfter].flatMap { Int($0) })
                #expect(retryAfter > 3500 && retryAfter <= 3600)
            }
            try await client.execute(uri: "/api/auth/verify-otp", method: .post, body: json(#"{"email":"zoe@example.com","inputOtp":"\#(code)"}"#)) { response in
                #expect(response.status == .tooManyRequests)
            }
            #expect(try await log.head() == head)
        }
    }

    @Test func aSecondCodeWithinAMinuteIsThrottled() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(#"{"name":"Mia","email":"mia@example.com"}"#)) { _ in }
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(#"{"name":"Mia","email":"mia@example.com"}"#)) { response in
                #expect(response.status == .tooManyRequests)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "resend_too_soon")
            }
        }
    }

    @Test(arguments: [
        (#"{"name":"A""#, "the body is not valid JSON"),
        (#"{"name":"A"}"#, "field email is required"),
        (#"{"name":3,"email":"a@b.co"}"#, "field name has the wrong type"),
        (#"{"name":"A","email":"not-an-address"}"#, "field email is not a valid e-mail address"),
        (#"{"name":"","email":"a@b.co"}"#, "field name must be 1 to 100 characters"),
    ])
    func badBodiesAre400sNamingTheProblem(body text: String, message: String) async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(text)) { response in
                #expect(response.status == .badRequest)
                let error = try decode(ErrorBody.self, response).error
                #expect(error.code == "invalid_body")
                #expect(error.message == message)
            }
        }
    }

    @Test func anOversizedBodyIsA413() async throws {
        try await withDemoServer { client, _ in
            let huge = #"{"name":""# + String(repeating: "x", count: 100_000) + #"","email":"a@b.co"}"#
            try await client.execute(uri: "/api/auth/user-reg", method: .post, body: json(huge)) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }
}
