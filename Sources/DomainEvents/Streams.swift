public import Domain
public import EventStore

// Each aggregate names its own streams, `category-id`, from its typed id: the one place a stream name is built.
// They throw only for an id no stream can have (empty, over-long, a control character), which requests are
// refused for before they get here.

extension EventCodec {
    static func stream(id: String) throws(EventStoreError) -> StreamName { try StreamName(category: category, id: id) }
}

extension Show {
    public static func stream(_ id: ShowID) throws(EventStoreError) -> StreamName { try stream(id: id.rawValue) }
}

extension Booking {
    public static func stream(_ id: BookingID) throws(EventStoreError) -> StreamName { try stream(id: id.rawValue) }
}

extension Payout {
    /// A show's payout: one per show, under the show's id.
    public static func stream(_ show: ShowID) throws(EventStoreError) -> StreamName { try stream(id: show.rawValue) }
}

extension Customer {
    public static func stream(_ id: CustomerID) throws(EventStoreError) -> StreamName { try stream(id: id.rawValue) }
}

extension Organizer {
    public static func stream(_ id: OrganizerID) throws(EventStoreError) -> StreamName { try stream(id: id.rawValue) }
}

extension Hall {
    public static func stream(_ id: HallID) throws(EventStoreError) -> StreamName { try stream(id: id.rawValue) }
}

extension Screen {
    public static func stream(_ id: ScreenID) throws(EventStoreError) -> StreamName { try stream(id: id.rawValue) }
}

extension SupportIssue {
    public static func stream(_ id: IssueID) throws(EventStoreError) -> StreamName { try stream(id: id.rawValue) }
}

extension Session {
    /// A signed session, under the id its token carries.
    public static func stream(_ session: String) throws(EventStoreError) -> StreamName { try stream(id: session) }
}

extension AdminInvite {
    /// The invites of one e-mail address (its id derives from the address, so a second invite finds the first).
    public static func stream(email: String) throws(EventStoreError) -> StreamName {
        try stream(id: DerivedID.string(from: "invite:\(email)"))
    }
}

extension OneTimePasscode {
    /// The passcodes of one e-mail address (its id derives from the address).
    public static func stream(email: String) throws(EventStoreError) -> StreamName {
        try stream(id: DerivedID.string(from: "passcode:\(email)"))
    }
}

extension HoldExpiryTimer {
    public static func stream(_ booking: BookingID) throws(EventStoreError) -> StreamName { try stream(id: booking.rawValue) }
}

extension ShowEndTimer {
    public static func stream(_ show: ShowID) throws(EventStoreError) -> StreamName { try stream(id: show.rawValue) }
}

extension PaymentCheckTimer {
    public static func stream(_ booking: BookingID) throws(EventStoreError) -> StreamName { try stream(id: booking.rawValue) }
}
