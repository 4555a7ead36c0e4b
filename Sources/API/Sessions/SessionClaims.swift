import JWTKit

/// The claims of a session token (HS256): the session's id, subject, role, e-mail, issued-at and expiry. A token
/// without a session id (made before sessions could end) is refused: it could never be revoked.
struct SessionClaims: JWTPayload {
    var jti: IDClaim
    var sub: SubjectClaim
    var role: String
    var email: String
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}
