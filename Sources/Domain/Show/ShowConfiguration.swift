/// Everything an organizer sets on a show, as drafted and edited: the storage shape of `ShowDrafted`.
public struct ShowConfiguration: Hashable, Sendable, Codable {
    public var organizer: OrganizerID
    public var kind: ShowKind
    public var details: ShowDetails
    public var schedule: ShowSchedule
    public var inventory: Inventory
    public var cutoff: BookingCutoff
    /// How long a hold lasts before it expires (10 minutes by default, as in the original).
    public var holdMinutes: Int
    /// Most tickets in one order (10 by default; the original enforced it only in the browser).
    public var maxTicketsPerOrder: Int
    public var refundPolicy: RefundPolicy
    /// For registration shows: the form and whether participants come as teams.
    public var registration: RegistrationRules?
    /// For online shows: the access link, revealed only to ticket holders.
    public var accessLink: String?
    public var tax: TaxRule
    /// For seated shows: whether a customer's own choice of seats may leave a single seat alone (`BestSeats`).
    public var loneSeats: LoneSeatRule

    public init(
        organizer: OrganizerID, kind: ShowKind, details: ShowDetails, schedule: ShowSchedule, inventory: Inventory,
        cutoff: BookingCutoff = .untilSoldOut, holdMinutes: Int = 10, maxTicketsPerOrder: Int = 10,
        refundPolicy: RefundPolicy = .standard, registration: RegistrationRules? = nil, accessLink: String? = nil,
        tax: TaxRule = .none, loneSeats: LoneSeatRule = .allowed
    ) {
        self.organizer = organizer
        self.kind = kind
        self.details = details
        self.schedule = schedule
        self.inventory = inventory
        self.cutoff = cutoff
        self.holdMinutes = holdMinutes
        self.maxTicketsPerOrder = maxTicketsPerOrder
        self.refundPolicy = refundPolicy
        self.registration = registration
        self.accessLink = accessLink
        self.tax = tax
        self.loneSeats = loneSeats
    }

    private enum CodingKeys: String, CodingKey {
        case organizer, kind, details, schedule, inventory, cutoff, holdMinutes, maxTicketsPerOrder, refundPolicy, registration, accessLink, tax, loneSeats
    }

    // A configuration stored before the lone-seat rule existed (JSON and compact logs) allows lone seats.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            organizer: try container.decode(OrganizerID.self, forKey: .organizer), kind: try container.decode(ShowKind.self, forKey: .kind),
            details: try container.decode(ShowDetails.self, forKey: .details), schedule: try container.decode(ShowSchedule.self, forKey: .schedule),
            inventory: try container.decode(Inventory.self, forKey: .inventory), cutoff: try container.decode(BookingCutoff.self, forKey: .cutoff),
            holdMinutes: try container.decode(Int.self, forKey: .holdMinutes), maxTicketsPerOrder: try container.decode(Int.self, forKey: .maxTicketsPerOrder),
            refundPolicy: try container.decode(RefundPolicy.self, forKey: .refundPolicy),
            registration: try container.decodeIfPresent(RegistrationRules.self, forKey: .registration),
            accessLink: try container.decodeIfPresent(String.self, forKey: .accessLink), tax: try container.decode(TaxRule.self, forKey: .tax),
            loneSeats: try container.decodeIfPresent(LoneSeatRule.self, forKey: .loneSeats) ?? .allowed)
    }

    // The rule is written only when it is not the default, so a configuration without it is the same bytes as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(organizer, forKey: .organizer)
        try container.encode(kind, forKey: .kind)
        try container.encode(details, forKey: .details)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(inventory, forKey: .inventory)
        try container.encode(cutoff, forKey: .cutoff)
        try container.encode(holdMinutes, forKey: .holdMinutes)
        try container.encode(maxTicketsPerOrder, forKey: .maxTicketsPerOrder)
        try container.encode(refundPolicy, forKey: .refundPolicy)
        try container.encodeIfPresent(registration, forKey: .registration)
        try container.encodeIfPresent(accessLink, forKey: .accessLink)
        try container.encode(tax, forKey: .tax)
        if loneSeats != .allowed { try container.encode(loneSeats, forKey: .loneSeats) }
    }

    /// When booking closes: the start, or earlier by the cut-off.
    public var bookingClosesAt: Instant {
        switch cutoff {
        case .untilSoldOut: schedule.start
        case .minutesBeforeStart(let minutes): schedule.start.subtracting(.minutes(minutes))
        case .at(let instant): min(instant, schedule.start)
        }
    }
}

/// Whether a customer picking seats by hand may leave one seat alone between taken ones (or a block's end) when a
/// choice of as many seats that leaves none exists. Best-available picks never do, whatever the rule.
public enum LoneSeatRule: String, Hashable, Sendable, Codable {
    case allowed
    case refused
}

/// The four kinds of show the platform sells.
public enum ShowKind: String, Hashable, Sendable, Codable {
    /// Assigned seats on a screen's layout.
    case seating
    /// General admission: categories with a capacity and a price.
    case open
    /// Sign-ups with a form, free or paid, individual or in teams.
    case registration
    /// Like open, with an access link for ticket holders.
    case online
}

/// What the public sees about a show.
public struct ShowDetails: Hashable, Sendable, Codable {
    public var title: String
    public var description: String
    /// Movie, concert, workshop, …
    public var subType: String
    public var city: String
    /// Where it happens (a hall's name, an address, or the platform for online shows).
    public var venue: String
    /// Where it is held, for seated shows.
    public var screen: ScreenRef?
    /// The poster image's content address (see the shell's image store), once the organizer uploads one.
    public var poster: String?

    public init(title: String, description: String = "", subType: String = "", city: String = "", venue: String = "", screen: ScreenRef? = nil) {
        self.title = title
        self.description = description
        self.subType = subType
        self.city = city
        self.venue = venue
        self.screen = screen
    }
}

/// A screen of a hall.
public struct ScreenRef: Hashable, Sendable, Codable {
    public var hall: HallID
    public var screen: ScreenID
    public init(hall: HallID, screen: ScreenID) {
        self.hall = hall
        self.screen = screen
    }
}

/// When a show runs.
public struct ShowSchedule: Hashable, Sendable, Codable {
    public var start: Instant
    public var end: Instant
    public init(start: Instant, end: Instant) {
        self.start = start
        self.end = end
    }
}

/// When booking stops: when sold out (that is, at the start), some minutes before the start, or at a fixed time.
public enum BookingCutoff: Hashable, Sendable, Codable {
    case untilSoldOut
    case minutesBeforeStart(Int)
    case at(Instant)
}

/// Whether and until when a customer may cancel, and whether fees come back.
public struct RefundPolicy: Hashable, Sendable, Codable {
    public var refundable: Bool
    /// Cancelling closes this many minutes before the start (720 = 12 h, as the original's client showed).
    public var deadlineMinutesBeforeStart: Int
    public var feesRefunded: Bool

    public init(refundable: Bool, deadlineMinutesBeforeStart: Int, feesRefunded: Bool) {
        self.refundable = refundable
        self.deadlineMinutesBeforeStart = deadlineMinutesBeforeStart
        self.feesRefunded = feesRefunded
    }

    /// Refundable until 12 h before the start, fees included.
    public static let standard = RefundPolicy(refundable: true, deadlineMinutesBeforeStart: 720, feesRefunded: true)
}
