import Foundation
import JWTKit

/// The claims of a Google ID token that sign-in reads. jwt-kit checks the signature against the provider's keys
/// and the expiry here; the audience, issuer and nonce are checked by `GoogleOpenID.verify`, which knows them.
struct GoogleIDToken: JWTPayload {
    var iss: IssuerClaim
    var aud: AudienceClaim
    var sub: SubjectClaim
    var exp: ExpirationClaim
    var nonce: String?
    var email: String?
    /// A boolean, or the strings "true"/"false" as some providers send it.
    var email_verified: BoolClaim?
    var name: String?

    func verify(using _: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
