import Domain

/// Every aggregate's codec: the one list that says which stream categories hold domain events (the decoded-event
/// warmers and the JSON rendering of payloads read it; `DomainAudit` keeps its own, with what each must satisfy).
enum DomainCodecs {
    static var all: [any ProtobufEvents.Type] {
        [Show.self, Booking.self, Payout.self, Customer.self, Organizer.self, Hall.self, Screen.self, SupportIssue.self,
         AdminInvite.self, OneTimePasscode.self, Session.self, HoldExpiryTimer.self, ShowEndTimer.self, PaymentCheckTimer.self]
    }
}
