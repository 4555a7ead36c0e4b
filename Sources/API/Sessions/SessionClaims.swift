import JWTKit

/// The claims of a session token (HS256): subject, role, e-mail, issued-at and expiry.
struct SessionClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String
    var email: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}
