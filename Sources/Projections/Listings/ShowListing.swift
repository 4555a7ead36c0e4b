public import Domain

/// What the listings and search show of one show: its public details, when and where, its status and its price
/// range. Availability is not here (it changes with every hold); readers join it from `ShowAvailability`.
public struct ShowListing: Codable, Sendable, Equatable {
    public var id: String
    public var kind: ShowKind
    public var organizer: OrganizerID
    public var details: ShowDetails
    public var schedule: ShowSchedule
    public var status: ShowStatus
    /// The cheapest and dearest ticket (seat type or category), before fees.
    public var priceFrom: Money?
    public var priceTo: Money?
    public var capacity: Int
    /// How many customers like it now.
    public var likes = 0

    init(id: String, configuration: ShowConfiguration) {
        self.id = id
        kind = configuration.kind
        organizer = configuration.organizer
        details = configuration.details
        schedule = configuration.schedule
        status = .draft
        capacity = 0
        price(configuration.inventory)
    }

    /// Takes the price range and capacity from an inventory.
    mutating func price(_ inventory: Inventory) {
        let prices: [Money] = switch inventory {
        case .seated(let seated):
            switch seated.pricing {
            case .flat(let price): [price]
            case .bySeatType(let byType): Set(seated.seats.values).compactMap { byType[$0] }
            }
        case .categories(let categories): categories.map(\.price)
        }
        priceFrom = prices.min { $0.minor < $1.minor }
        priceTo = prices.max { $0.minor < $1.minor }
        capacity = inventory.capacity
    }
}
