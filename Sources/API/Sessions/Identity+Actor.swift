import Domain

extension Identity {
    /// The identity as the domain names whoever acts: a customer, an organizer or an admin, by account id.
    var actor: Actor {
        switch role {
        case .customer: .customer(CustomerID(id))
        case .organizer: .organizer(OrganizerID(id))
        case .admin: .admin(AdminID(id))
        }
    }
}
