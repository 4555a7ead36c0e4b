public struct SaleQueueConfigured: Hashable, Sendable, Codable {
    public var settings: SaleQueueSettings
    public var at: Instant
    public init(settings: SaleQueueSettings, at: Instant) {
        self.settings = settings
        self.at = at
    }
}

public struct QueueArrived: Hashable, Sendable, Codable {
    public var customer: CustomerID
    /// The customer's arrival number, from 1.
    public var number: Int
    public var at: Instant
    public init(customer: CustomerID, number: Int, at: Instant) {
        self.customer = customer
        self.number = number
        self.at = at
    }
}

/// The sale opened: the seed is revealed, and the first `early` arrivals are drawn into their order (`FairOrder`).
public struct QueueOpened: Hashable, Sendable, Codable {
    public var seed: [UInt8]
    public var early: Int
    public var at: Instant
    public init(seed: [UInt8], early: Int, at: Instant) {
        self.seed = seed
        self.early = early
        self.at = at
    }
}

/// The next customers in order may hold until `passExpiresAt`.
public struct CustomersAdmitted: Hashable, Sendable, Codable {
    public var customers: [CustomerID]
    public var passExpiresAt: Instant
    public var at: Instant
    public init(customers: [CustomerID], passExpiresAt: Instant, at: Instant) {
        self.customers = customers
        self.passExpiresAt = passExpiresAt
        self.at = at
    }
}

extension SaleQueue: EventCodec {
    public static let category = "salequeue"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .configured(let payload): StoredEvent("SaleQueueConfigured", payload)
        case .arrived(let payload): StoredEvent("QueueArrived", payload)
        case .opened(let payload): StoredEvent("QueueOpened", payload)
        case .admitted(let payload): StoredEvent("CustomersAdmitted", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "SaleQueueConfigured": .configured(try SaleQueueConfigured(from: decoder))
        case "QueueArrived": .arrived(try QueueArrived(from: decoder))
        case "QueueOpened": .opened(try QueueOpened(from: decoder))
        case "CustomersAdmitted": .admitted(try CustomersAdmitted(from: decoder))
        default: nil
        }
    }
}
