/// Who a request acts as, taken only from a verified session token, never from a body or a URL.
public struct Identity: Sendable, Equatable, Codable {
    /// What the holder may do.
    public enum Role: String, Sendable, Codable {
        case customer, organizer, admin
    }

    public var role: Role
    /// The account id (a customer, organizer or admin id).
    public var id: String
    public var email: String

    public init(role: Role, id: String, email: String) {
        self.role = role
        self.id = id
        self.email = email
    }
}
