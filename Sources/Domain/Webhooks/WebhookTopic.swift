/// What an organizer's webhook endpoint can be told about their shows. Each topic is one kind of domain event, chosen
/// on the stream where the show's id is its own (the show's sale and return, its end, its payout), except check-ins,
/// which only the booking records.
public enum WebhookTopic: String, Hashable, Sendable, Codable, CaseIterable {
    /// A booking's items were sold (`ItemsSold`).
    case sold
    /// A booking's items went back on sale after a refund (`ItemsReturned`).
    case refunded
    /// A ticket was admitted at the door (`BookingCheckedIn`).
    case checkedIn = "checked_in"
    /// The show ended (`ShowEnded`).
    case showEnded = "show_ended"
    /// The show's payout was paid to the organizer (`PayoutPaid`).
    case payoutPaid = "payout_paid"

    /// The topic of a show event, if it has one.
    public static func of(_ event: Show.Event) -> WebhookTopic? {
        switch event {
        case .itemsSold: .sold
        case .itemsReturned: .refunded
        case .ended: .showEnded
        default: nil
        }
    }

    public static func of(_ event: Booking.Event) -> WebhookTopic? {
        if case .checkedIn = event { .checkedIn } else { nil }
    }

    public static func of(_ event: Payout.Event) -> WebhookTopic? {
        if case .paid = event { .payoutPaid } else { nil }
    }
}
