public struct WaitlistJoined: Hashable, Sendable, Codable {
    public var customer: CustomerID
    public var wish: WaitlistWish
    /// The customer's number in the show's line, from 1, never reused.
    public var number: Int
    public var at: Instant
    public init(customer: CustomerID, wish: WaitlistWish, number: Int, at: Instant) {
        self.customer = customer
        self.wish = wish
        self.number = number
        self.at = at
    }
}

public struct WaitlistLeft: Hashable, Sendable, Codable {
    public var customer: CustomerID
    public var at: Instant
    public init(customer: CustomerID, at: Instant) {
        self.customer = customer
        self.at = at
    }
}

public struct WaitlistOffered: Hashable, Sendable, Codable {
    public var customer: CustomerID
    /// The hold made for the customer in the same commit.
    public var booking: BookingID
    public var at: Instant
    public init(customer: CustomerID, booking: BookingID, at: Instant) {
        self.customer = customer
        self.booking = booking
        self.at = at
    }
}

/// An offer bought, or lapsed: either way the customer's wait is over.
public struct WaitlistOfferEnded: Hashable, Sendable, Codable {
    public var customer: CustomerID
    public var booking: BookingID
    public var at: Instant
    public init(customer: CustomerID, booking: BookingID, at: Instant) {
        self.customer = customer
        self.booking = booking
        self.at = at
    }
}

extension WaitingList: EventCodec {
    public static let category = "waitlist"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .joined(let payload): StoredEvent("WaitlistJoined", payload)
        case .left(let payload): StoredEvent("WaitlistLeft", payload)
        case .offered(let payload): StoredEvent("WaitlistOffered", payload)
        case .offerTaken(let payload): StoredEvent("WaitlistOfferTaken", payload)
        case .offerLapsed(let payload): StoredEvent("WaitlistOfferLapsed", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "WaitlistJoined": .joined(try WaitlistJoined(from: decoder))
        case "WaitlistLeft": .left(try WaitlistLeft(from: decoder))
        case "WaitlistOffered": .offered(try WaitlistOffered(from: decoder))
        case "WaitlistOfferTaken": .offerTaken(try WaitlistOfferEnded(from: decoder))
        case "WaitlistOfferLapsed": .offerLapsed(try WaitlistOfferEnded(from: decoder))
        default: nil
        }
    }
}
