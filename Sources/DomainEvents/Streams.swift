public import Domain
public import EventStore

/// An aggregate (or timer) whose streams are `category-id`, one per typed id: `Show.stream(id)`, `Booking.stream(id)`,
/// `HoldExpiryTimer.stream(booking)`. The one place a stream name is built from an id. It throws only for an id no
/// stream can have (empty, over-long, a control character), which requests are refused for before they get here.
public protocol NamedStreams: EventCodec {
    associatedtype StreamID: RawRepresentable where StreamID.RawValue == String
}

extension NamedStreams {
    public static func stream(_ id: StreamID) throws(EventStoreError) -> StreamName {
        try StreamName(category: category, id: id.rawValue)
    }
}

extension Show: NamedStreams { public typealias StreamID = ShowID }
extension Booking: NamedStreams { public typealias StreamID = BookingID }
/// A show's payout: one per show, under the show's id.
extension Payout: NamedStreams { public typealias StreamID = ShowID }
extension Customer: NamedStreams { public typealias StreamID = CustomerID }
extension Organizer: NamedStreams { public typealias StreamID = OrganizerID }
extension Hall: NamedStreams { public typealias StreamID = HallID }
extension Screen: NamedStreams { public typealias StreamID = ScreenID }
extension SupportIssue: NamedStreams { public typealias StreamID = IssueID }
extension Webhook: NamedStreams { public typealias StreamID = WebhookID }
/// A show's waiting list: one per show, under the show's id.
extension WaitingList: NamedStreams { public typealias StreamID = ShowID }
/// A show's on-sale queue: one per show, under the show's id.
extension SaleQueue: NamedStreams { public typealias StreamID = ShowID }
/// A show's chat: one per show, under the show's id.
extension ShowChat: NamedStreams { public typealias StreamID = ShowID }
extension HoldExpiryTimer: NamedStreams { public typealias StreamID = BookingID }
extension ShowEndTimer: NamedStreams { public typealias StreamID = ShowID }
extension QueueTickTimer: NamedStreams { public typealias StreamID = ShowID }
extension PaymentCheckTimer: NamedStreams { public typealias StreamID = BookingID }

extension Session {
    /// A signed session, under the id its token carries.
    public static func stream(_ session: String) throws(EventStoreError) -> StreamName { try StreamName(category: category, id: session) }
}

extension AdminInvite {
    /// The invites of one e-mail address (its id derives from the address, so a second invite finds the first).
    public static func stream(email: String) throws(EventStoreError) -> StreamName {
        try StreamName(category: category, id: DerivedID.string(from: "invite:\(email)"))
    }
}

extension OneTimePasscode {
    /// The passcodes of one e-mail address (its id derives from the address).
    public static func stream(email: String) throws(EventStoreError) -> StreamName {
        try StreamName(category: category, id: DerivedID.string(from: "passcode:\(email)"))
    }
}
