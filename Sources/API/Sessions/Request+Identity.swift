import Hummingbird

extension Request {
    /// The signed-in identity, whatever its role: 401 without a valid session.
    func identity(_ sessions: SessionSigner) async throws -> Identity {
        guard let token = SessionCookie.token(of: self) else {
            throw APIError.noSession("sign in first: no session cookie or Bearer token was sent")
        }
        return try await sessions.verify(token)
    }

    /// The signed-in identity, required: 401 without a valid session, 403 with another role.
    func identity(_ sessions: SessionSigner, as role: Identity.Role) async throws -> Identity {
        let identity = try await identity(sessions)
        guard identity.role == role else {
            throw APIError.wrongRole("this needs a \(role.rawValue) session, not a \(identity.role.rawValue) one")
        }
        return identity
    }
}
