/// A typed identifier: a string chosen by the shell (a UUID, a gateway's order id), tagged with what it names,
/// so a `BookingID` can never be passed where a `ShowID` is expected. Encodes as a plain JSON string.
public struct Identifier<Kind>: RawRepresentable, Hashable, Comparable, Sendable, Codable, CodingKeyRepresentable,
    CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Dictionaries keyed by identifiers encode as JSON objects, not as key-value arrays.
    public var codingKey: any CodingKey { IdentifierKey(stringValue: rawValue) }
    public init?<T: CodingKey>(codingKey: T) { rawValue = codingKey.stringValue }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { rawValue }
}

/// Tags for `Identifier`; never instantiated.
public enum IdentifierKind {
    public enum Show {}
    public enum Booking {}
    public enum Customer {}
    public enum Organizer {}
    public enum Admin {}
    public enum Hall {}
    public enum Screen {}
    public enum Seat {}
    public enum Category {}
    public enum Ticket {}
    public enum Order {}
    public enum Payment {}
    public enum Refund {}
    public enum Payout {}
    public enum Issue {}
    public enum Invite {}
    public enum Webhook {}
}

public typealias ShowID = Identifier<IdentifierKind.Show>
public typealias BookingID = Identifier<IdentifierKind.Booking>
public typealias CustomerID = Identifier<IdentifierKind.Customer>
public typealias OrganizerID = Identifier<IdentifierKind.Organizer>
public typealias AdminID = Identifier<IdentifierKind.Admin>
public typealias HallID = Identifier<IdentifierKind.Hall>
public typealias ScreenID = Identifier<IdentifierKind.Screen>
/// A seat's label within a screen's layout, such as `F12`.
public typealias SeatID = Identifier<IdentifierKind.Seat>
/// A ticket category of a general-admission, online or registration show, such as `gold`.
public typealias CategoryID = Identifier<IdentifierKind.Category>
public typealias TicketID = Identifier<IdentifierKind.Ticket>
/// The payment gateway's order id.
public typealias OrderID = Identifier<IdentifierKind.Order>
/// The payment gateway's payment id.
public typealias PaymentID = Identifier<IdentifierKind.Payment>
public typealias RefundID = Identifier<IdentifierKind.Refund>
public typealias PayoutID = Identifier<IdentifierKind.Payout>
public typealias IssueID = Identifier<IdentifierKind.Issue>
public typealias InviteID = Identifier<IdentifierKind.Invite>
public typealias WebhookID = Identifier<IdentifierKind.Webhook>

private struct IdentifierKey: CodingKey {
    let stringValue: String
    init(stringValue: String) { self.stringValue = stringValue }
    var intValue: Int? { nil }
    init?(intValue: Int) { nil }
}
