public import EventStore
import Domain

extension EventEncoding {
    /// Decodes each record of a domain category into the shared cache of decoded events, so the folds that read
    /// them next (on another thread) find them decoded. A record that does not decode is left for its fold, which
    /// reports it; this is only a head start.
    public static func warm(_ records: [RecordedEvent]) {
        for record in records {
            warmers[record.stream.category]?(record)
        }
    }

    private static let warmers: [String: @Sendable (RecordedEvent) -> Void] = [
        Show.category: { _ = try? decode(Show.self, $0) }, Booking.category: { _ = try? decode(Booking.self, $0) },
        Payout.category: { _ = try? decode(Payout.self, $0) }, Customer.category: { _ = try? decode(Customer.self, $0) },
        Organizer.category: { _ = try? decode(Organizer.self, $0) }, Hall.category: { _ = try? decode(Hall.self, $0) },
        Screen.category: { _ = try? decode(Screen.self, $0) }, SupportIssue.category: { _ = try? decode(SupportIssue.self, $0) },
    ]
}
