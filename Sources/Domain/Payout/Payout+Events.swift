extension Payout {
    /// What happened to a payout: the storage contract of the `payout` stream category.
    public enum Event: Sendable, Equatable {
        case settled(PayoutSettled)
        case receiptSent(PayoutReceiptSent)
        case initiated(PayoutInitiated)
        case paid(PayoutPaid)
    }
}

public struct PayoutSettled: Hashable, Sendable, Codable {
    public var show: ShowID
    public var organizer: OrganizerID
    public var figures: PayoutFigures
    public var at: Instant
    public init(show: ShowID, organizer: OrganizerID, figures: PayoutFigures, at: Instant) {
        self.show = show
        self.organizer = organizer
        self.figures = figures
        self.at = at
    }
}

public struct PayoutReceiptSent: Hashable, Sendable, Codable {
    public var admin: AdminID
    public var at: Instant
    public init(admin: AdminID, at: Instant) {
        self.admin = admin
        self.at = at
    }
}

public struct PayoutInitiated: Hashable, Sendable, Codable {
    public var admin: AdminID
    public var method: PayoutMethod
    public var reference: String
    public var at: Instant
    public init(admin: AdminID, method: PayoutMethod, reference: String, at: Instant) {
        self.admin = admin
        self.method = method
        self.reference = reference
        self.at = at
    }
}

public struct PayoutPaid: Hashable, Sendable, Codable {
    public var organizer: OrganizerID
    public var at: Instant
    public init(organizer: OrganizerID, at: Instant) {
        self.organizer = organizer
        self.at = at
    }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Payout: EventCodec {
    public static let category = "payout"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .settled(let payload): StoredEvent("PayoutSettled", payload)
        case .receiptSent(let payload): StoredEvent("PayoutReceiptSent", payload)
        case .initiated(let payload): StoredEvent("PayoutInitiated", payload)
        case .paid(let payload): StoredEvent("PayoutPaid", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "PayoutSettled": .settled(try PayoutSettled(from: decoder))
        case "PayoutReceiptSent": .receiptSent(try PayoutReceiptSent(from: decoder))
        case "PayoutInitiated": .initiated(try PayoutInitiated(from: decoder))
        case "PayoutPaid": .paid(try PayoutPaid(from: decoder))
        default: nil
        }
    }
}
