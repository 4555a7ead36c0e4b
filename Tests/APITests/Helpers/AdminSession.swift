import Foundation
import Hummingbird
import HummingbirdOTP
import HummingbirdTesting
import NIOCore
import Testing

/// Enrols the server's first admin from its invite in the outbox and signs in: headers with the admin's session.
/// The server must have been started with `firstAdmin: email`.
func enrolFirstAdmin(_ email: String, _ driver: CheckoutDriver) async throws -> HTTPFields {
    struct Outbox: Decodable { struct Mail: Decodable { var text: String }; var mails: [Mail] }
    struct Enrolled: Decodable { var otpauthUrl: String }
    struct SignedIn: Decodable { var token: String }
    var token: String?
    for _ in 0..<200 where token == nil {
        let mails = try decode(Outbox.self, try await driver.get("/dev/outbox?to=\(email)", [:])).mails
        token = mails.lazy.compactMap { mail in mail.text.range(of: #"[0-9a-f]{64}"#, options: .regularExpression).map { String(mail.text[$0]) } }.first
        if token == nil { try await Task.sleep(for: .milliseconds(20)) }
    }
    let json: HTTPFields = [.contentType: "application/json"]
    let accepted = try await driver.post("/api/admin/invites/accept", json,
                                         #"{"email":"\#(email)","token":"\#(try #require(token))","password":"correct horse battery"}"#)
    let key = try totpSecret(of: try decode(Enrolled.self, accepted).otpauthUrl)
    let signedIn = try await driver.post("/api/auth/admin-login", json,
                                         #"{"email":"\#(email)","password":"correct horse battery","code":"\#(totpCode(key))"}"#)
    return [.contentType: "application/json", .authorization: "Bearer \(try decode(SignedIn.self, signedIn).token)"]
}

/// The secret an `otpauth://` URI carries (base32 of the key's bytes), as an authenticator app reads it.
func totpSecret(of uri: String) throws -> String {
    let encoded = try #require(URLComponents(string: uri)?.queryItems?.first { $0.name == "secret" }?.value)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    var bits = 0, value = 0
    var bytes: [UInt8] = []
    for character in encoded.uppercased() where character != "=" {
        value = (value << 5) | (try #require(alphabet.firstIndex(of: character)))
        bits += 5
        if bits >= 8 {
            bytes.append(UInt8((value >> (bits - 8)) & 0xFF))
            bits -= 8
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The current 6-digit code of `secret`.
func totpCode(_ secret: String, at date: Date = Date()) -> String {
    let value = String(TOTP(secret: secret).compute(date: date))
    return String(repeating: "0", count: 6 - value.count) + value
}
