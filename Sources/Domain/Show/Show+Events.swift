extension Show {
    /// What happened to a show: the storage contract of the `show` stream category.
    public enum Event: Sendable, Equatable {
        case drafted(ShowDrafted)
        case detailsEdited(ShowDetailsEdited)
        case rescheduled(ShowRescheduled)
        case inventoryChanged(ShowInventoryChanged)
        case refundPolicyChanged(RefundPolicyChanged)
        case cutoffChanged(CutoffChanged)
        case loneSeatRuleChanged(LoneSeatRuleChanged)
        case submitted(ShowSubmitted)
        case approved(ShowApproved)
        case rejected(ShowRejected)
        case itemsHeld(ItemsHeld)
        case holdReleased(HoldReleased)
        case holdExpired(HoldExpired)
        case itemsSold(ItemsSold)
        case itemsReturned(ItemsReturned)
        case cancelled(ShowCancelled)
        case ended(ShowEnded)
    }
}

public struct ShowDrafted: Hashable, Sendable, Codable {
    public var configuration: ShowConfiguration
    public init(configuration: ShowConfiguration) { self.configuration = configuration }
}

public struct ShowDetailsEdited: Hashable, Sendable, Codable {
    public var details: ShowDetails
    public init(details: ShowDetails) { self.details = details }
}

public struct ShowRescheduled: Hashable, Sendable, Codable {
    public var schedule: ShowSchedule
    public init(schedule: ShowSchedule) { self.schedule = schedule }
}

public struct ShowInventoryChanged: Hashable, Sendable, Codable {
    public var inventory: Inventory
    public init(inventory: Inventory) { self.inventory = inventory }
}

public struct RefundPolicyChanged: Hashable, Sendable, Codable {
    public var policy: RefundPolicy
    public init(policy: RefundPolicy) { self.policy = policy }
}

public struct LoneSeatRuleChanged: Hashable, Sendable, Codable {
    public var rule: LoneSeatRule
    public init(rule: LoneSeatRule) { self.rule = rule }
}

public struct CutoffChanged: Hashable, Sendable, Codable {
    public var cutoff: BookingCutoff
    public init(cutoff: BookingCutoff) { self.cutoff = cutoff }
}

public struct ShowSubmitted: Hashable, Sendable, Codable {
    public var organizer: OrganizerID
    public init(organizer: OrganizerID) { self.organizer = organizer }
}

public struct ShowApproved: Hashable, Sendable, Codable {
    public var admin: AdminID
    public init(admin: AdminID) { self.admin = admin }
}

public struct ShowRejected: Hashable, Sendable, Codable {
    public var admin: AdminID
    public var reason: String
    public init(admin: AdminID, reason: String) {
        self.admin = admin
        self.reason = reason
    }
}

public struct ItemsHeld: Hashable, Sendable, Codable {
    public var booking: BookingID
    public var customer: CustomerID
    public var items: Items
    public var expiresAt: Instant
    /// Registration shows: who signs up.
    public var participants: [Participant]?
    public init(booking: BookingID, customer: CustomerID, items: Items, expiresAt: Instant, participants: [Participant]? = nil) {
        self.booking = booking
        self.customer = customer
        self.items = items
        self.expiresAt = expiresAt
        self.participants = participants
    }
}

public struct HoldReleased: Hashable, Sendable, Codable {
    /// Why a hold ended before it expired.
    public enum Reason: String, Hashable, Sendable, Codable {
        /// The customer let it go.
        case byCustomer
        /// The same customer held again; the new hold replaces this one.
        case replaced
    }
    public var booking: BookingID
    public var reason: Reason
    public init(booking: BookingID, reason: Reason) {
        self.booking = booking
        self.reason = reason
    }
}

public struct HoldExpired: Hashable, Sendable, Codable {
    public var booking: BookingID
    public init(booking: BookingID) { self.booking = booking }
}

public struct ItemsSold: Hashable, Sendable, Codable {
    public var booking: BookingID
    public var customer: CustomerID
    public var items: Items
    /// Paid after the hold had ended, and honoured because the items were still free.
    public var late: Bool
    public init(booking: BookingID, customer: CustomerID, items: Items, late: Bool) {
        self.booking = booking
        self.customer = customer
        self.items = items
        self.late = late
    }
}

public struct ItemsReturned: Hashable, Sendable, Codable {
    public var booking: BookingID
    public var items: Items
    public init(booking: BookingID, items: Items) {
        self.booking = booking
        self.items = items
    }
}

public struct ShowCancelled: Hashable, Sendable, Codable {
    public var by: Actor
    public var reason: String
    public var at: Instant
    public init(by: Actor, reason: String, at: Instant) {
        self.by = by
        self.reason = reason
        self.at = at
    }
}

public struct ShowEnded: Hashable, Sendable, Codable {
    public var at: Instant
    public init(at: Instant) { self.at = at }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Show: EventCodec {
    public static let category = "show"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .drafted(let payload): StoredEvent("ShowDrafted", payload)
        case .detailsEdited(let payload): StoredEvent("ShowDetailsEdited", payload)
        case .rescheduled(let payload): StoredEvent("ShowRescheduled", payload)
        case .inventoryChanged(let payload): StoredEvent("ShowInventoryChanged", payload)
        case .refundPolicyChanged(let payload): StoredEvent("RefundPolicyChanged", payload)
        case .cutoffChanged(let payload): StoredEvent("CutoffChanged", payload)
        case .loneSeatRuleChanged(let payload): StoredEvent("LoneSeatRuleChanged", payload)
        case .submitted(let payload): StoredEvent("ShowSubmitted", payload)
        case .approved(let payload): StoredEvent("ShowApproved", payload)
        case .rejected(let payload): StoredEvent("ShowRejected", payload)
        case .itemsHeld(let payload): StoredEvent("ItemsHeld", payload)
        case .holdReleased(let payload): StoredEvent("HoldReleased", payload)
        case .holdExpired(let payload): StoredEvent("HoldExpired", payload)
        case .itemsSold(let payload): StoredEvent("ItemsSold", payload)
        case .itemsReturned(let payload): StoredEvent("ItemsReturned", payload)
        case .cancelled(let payload): StoredEvent("ShowCancelled", payload)
        case .ended(let payload): StoredEvent("ShowEnded", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "ShowDrafted": .drafted(try ShowDrafted(from: decoder))
        case "ShowDetailsEdited": .detailsEdited(try ShowDetailsEdited(from: decoder))
        case "ShowRescheduled": .rescheduled(try ShowRescheduled(from: decoder))
        case "ShowInventoryChanged": .inventoryChanged(try ShowInventoryChanged(from: decoder))
        case "RefundPolicyChanged": .refundPolicyChanged(try RefundPolicyChanged(from: decoder))
        case "CutoffChanged": .cutoffChanged(try CutoffChanged(from: decoder))
        case "LoneSeatRuleChanged": .loneSeatRuleChanged(try LoneSeatRuleChanged(from: decoder))
        case "ShowSubmitted": .submitted(try ShowSubmitted(from: decoder))
        case "ShowApproved": .approved(try ShowApproved(from: decoder))
        case "ShowRejected": .rejected(try ShowRejected(from: decoder))
        case "ItemsHeld": .itemsHeld(try ItemsHeld(from: decoder))
        case "HoldReleased": .holdReleased(try HoldReleased(from: decoder))
        case "HoldExpired": .holdExpired(try HoldExpired(from: decoder))
        case "ItemsSold": .itemsSold(try ItemsSold(from: decoder))
        case "ItemsReturned": .itemsReturned(try ItemsReturned(from: decoder))
        case "ShowCancelled": .cancelled(try ShowCancelled(from: decoder))
        case "ShowEnded": .ended(try ShowEnded(from: decoder))
        default: nil
        }
    }
}
