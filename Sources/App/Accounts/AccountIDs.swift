public import Domain
public import DomainEvents

/// Account ids derived from e-mail addresses: stable, so signing in finds the account signing up made, whichever
/// way the person came (a passcode, Google, the demo data, an admin's invite).
public enum AccountIDs {
    public static func customer(_ email: String) -> CustomerID { CustomerID(derived("customer", email)) }
    public static func organizer(_ email: String) -> OrganizerID { OrganizerID(derived("organizer", email)) }
    public static func admin(_ email: String) -> AdminID { AdminID(derived("admin", email)) }

    /// `role-uuid`, the uuid derived from `role:email`.
    private static func derived(_ role: String, _ email: String) -> String {
        "\(role)-\(DerivedID.string(from: "\(role):\(email)"))"
    }
}
