public import Domain
import EventSchema
import SwiftProtobuf

// The `show` category's events as the messages of `schema/tktplz/events/v1/show.proto` (its configuration, inventory
// and registration rules in `show_configuration.proto`, `inventory.proto` and `registration.proto`).

extension Show: ProtobufEvents {
    public static func handWritten(_ event: Event) -> (type: String, bytes: [UInt8])? {
        guard case .itemsHeld(let held) = event, let bytes = SaleWire.write(held) else { return nil }
        return ("ItemsHeld", bytes)
    }

    /// A registration's hold holds its participants' answers.
    public static func personalSubject(of event: Event) -> String? {
        if case .itemsHeld(let e) = event, e.participants != nil { e.customer.rawValue } else { nil }
    }

    public static func message(_ event: Event) throws -> ProtobufMessage {
        let message: any SwiftProtobuf.Message = switch event {
        case .drafted(let e): PBShowDrafted.with { $0.configuration = PBShowConfiguration(e.configuration) }
        case .detailsEdited(let e): PBShowDetailsEdited.with { $0.details = PBShowDetails(e.details) }
        case .rescheduled(let e): PBShowRescheduled.with { $0.schedule = PBShowSchedule(e.schedule) }
        case .inventoryChanged(let e): PBShowInventoryChanged.with { $0.inventory = PBInventory(e.inventory) }
        case .refundPolicyChanged(let e): PBRefundPolicyChanged.with { $0.policy = PBRefundPolicy(e.policy) }
        case .cutoffChanged(let e): PBCutoffChanged.with { $0.cutoff = PBBookingCutoff(e.cutoff) }
        case .loneSeatRuleChanged(let e): PBLoneSeatRuleChanged.with { $0.rule = PBLoneSeatRule(e.rule) }
        case .submitted(let e): PBShowSubmitted.with { $0.organizer = e.organizer.rawValue }
        case .approved(let e): PBShowApproved.with { $0.admin = e.admin.rawValue }
        case .rejected(let e): PBShowRejected.with {
            $0.admin = e.admin.rawValue
            $0.reason = e.reason
        }
        case .itemsHeld(let e): try PBItemsHeld.with {
            $0.booking = e.booking.rawValue
            $0.customer = e.customer.rawValue
            $0.items = PBItems(e.items)
            $0.expiresAt = e.expiresAt.rawValue
            if let participants = e.participants {
                ($0.participants, $0.personal) = try PBParticipantList.sealing(participants, for: e.customer)
            }
        }
        case .holdReleased(let e): PBHoldReleased.with {
            $0.booking = e.booking.rawValue
            $0.reason = switch e.reason {
            case .byCustomer: .byCustomer
            case .replaced: .replaced
            }
        }
        case .holdExpired(let e): PBHoldExpired.with { $0.booking = e.booking.rawValue }
        case .itemsSold(let e): PBItemsSold.with {
            $0.booking = e.booking.rawValue
            $0.customer = e.customer.rawValue
            $0.items = PBItems(e.items)
            $0.late = e.late
        }
        case .itemsReturned(let e): PBItemsReturned.with {
            $0.booking = e.booking.rawValue
            $0.items = PBItems(e.items)
        }
        case .cancelled(let e): PBShowCancelled.with {
            $0.by = PBActor(e.by)
            $0.reason = e.reason
            $0.at = e.at.rawValue
        }
        case .ended(let e): PBShowEnded.with { $0.at = e.at.rawValue }
        }
        return ProtobufMessage(message)
    }

    public static func event(type: String, _ payload: ProtobufPayload) throws -> Event? {
        // A sale's records by hand (`SaleWire`), every other type through its generated message.
        switch type {
        case "ItemsHeld":
            // A registration's hold names participants, whose answers are sealed: through the generated message.
            if case let held = try payload.read(SaleWire.itemsHeld), held.participants == nil { .itemsHeld(held) } else { try generatedEvent(type: type, payload) }
        case "ItemsSold": .itemsSold(try payload.read(SaleWire.itemsSold))
        case "HoldExpired": .holdExpired(HoldExpired(booking: try payload.read(SaleWire.booking)))
        case "HoldReleased": .holdReleased(try payload.read(SaleWire.holdReleased))
        default: try generatedEvent(type: type, payload)
        }
    }

    /// A hold through its generated message: a registration's, whose participants' answers are sealed.
    private static func itemsHeld(_ m: PBItemsHeld) throws -> ItemsHeld {
        ItemsHeld(booking: BookingID(m.booking), customer: CustomerID(m.customer), items: try m.items.decoded(), expiresAt: Instant(m.expiresAt),
                  participants: m.hasParticipants ? try m.participants.opened(m.hasPersonal ? m.personal : nil) : nil)
    }

    /// The event through its generated message: the reference the hand decoders are held to.
    static func generatedEvent(type: String, _ payload: ProtobufPayload) throws -> Event? {
        switch type {
        case "ShowDrafted": .drafted(ShowDrafted(configuration: try payload.parse(PBShowDrafted.self).configuration.decoded()))
        case "ShowDetailsEdited": .detailsEdited(ShowDetailsEdited(details: try payload.parse(PBShowDetailsEdited.self).details.decoded))
        case "ShowRescheduled": .rescheduled(ShowRescheduled(schedule: try payload.parse(PBShowRescheduled.self).schedule.decoded))
        case "ShowInventoryChanged": .inventoryChanged(ShowInventoryChanged(inventory: try payload.parse(PBShowInventoryChanged.self).inventory.decoded()))
        case "RefundPolicyChanged": .refundPolicyChanged(RefundPolicyChanged(policy: try payload.parse(PBRefundPolicyChanged.self).policy.decoded))
        case "CutoffChanged": .cutoffChanged(CutoffChanged(cutoff: try payload.parse(PBCutoffChanged.self) { m throws(SchemaMismatch) in try m.cutoff.decoded() }))
        case "LoneSeatRuleChanged":
            .loneSeatRuleChanged(LoneSeatRuleChanged(rule: try payload.parse(PBLoneSeatRuleChanged.self) { m throws(SchemaMismatch) in try m.rule.decoded() }))
        case "ShowSubmitted": .submitted(ShowSubmitted(organizer: OrganizerID(try payload.parse(PBShowSubmitted.self).organizer)))
        case "ShowApproved": .approved(ShowApproved(admin: AdminID(try payload.parse(PBShowApproved.self).admin)))
        case "ShowRejected":
            try payload.parse(PBShowRejected.self) { .rejected(ShowRejected(admin: AdminID($0.admin), reason: $0.reason)) }
        case "ItemsHeld": .itemsHeld(try itemsHeld(payload.parse(PBItemsHeld.self)))
        case "HoldReleased":
            try payload.parse(PBHoldReleased.self) { m throws(SchemaMismatch) in
                let reason: HoldReleased.Reason = switch m.reason {
                case .byCustomer: .byCustomer
                case .replaced: .replaced
                case .unspecified, .UNRECOGNIZED: throw SchemaMismatch("HoldReleased.reason \(m.reason.rawValue) is not a reason")
                }
                return .holdReleased(HoldReleased(booking: BookingID(m.booking), reason: reason))
            }
        case "HoldExpired": .holdExpired(HoldExpired(booking: BookingID(try payload.parse(PBHoldExpired.self).booking)))
        case "ItemsSold":
            try payload.parse(PBItemsSold.self) { m throws(SchemaMismatch) in
                .itemsSold(ItemsSold(booking: BookingID(m.booking), customer: CustomerID(m.customer), items: try m.items.decoded(), late: m.late))
            }
        case "ItemsReturned":
            try payload.parse(PBItemsReturned.self) { m throws(SchemaMismatch) in
                .itemsReturned(ItemsReturned(booking: BookingID(m.booking), items: try m.items.decoded()))
            }
        case "ShowCancelled":
            try payload.parse(PBShowCancelled.self) { m throws(SchemaMismatch) in
                .cancelled(ShowCancelled(by: try m.by.decoded(), reason: m.reason, at: Instant(m.at)))
            }
        case "ShowEnded": .ended(ShowEnded(at: Instant(try payload.parse(PBShowEnded.self).at)))
        default: nil
        }
    }
}

extension PBShowConfiguration {
    init(_ configuration: ShowConfiguration) {
        self.init()
        organizer = configuration.organizer.rawValue
        kind = switch configuration.kind {
        case .seating: .seating
        case .open: .open
        case .registration: .registration
        case .online: .online
        }
        details = PBShowDetails(configuration.details)
        schedule = PBShowSchedule(configuration.schedule)
        inventory = PBInventory(configuration.inventory)
        cutoff = PBBookingCutoff(configuration.cutoff)
        holdMinutes = Int64(configuration.holdMinutes)
        maxTicketsPerOrder = Int64(configuration.maxTicketsPerOrder)
        refundPolicy = PBRefundPolicy(configuration.refundPolicy)
        if let rules = configuration.registration { registration = PBRegistrationRules(rules) }
        if let link = configuration.accessLink { accessLink = link }
        taxBasisPointsOnFees = configuration.tax.basisPointsOnFees
        loneSeats = PBLoneSeatRule(configuration.loneSeats)
    }

    func decoded() throws(SchemaMismatch) -> ShowConfiguration {
        let kind: ShowKind = switch self.kind {
        case .seating: .seating
        case .open: .open
        case .registration: .registration
        case .online: .online
        case .unspecified, .UNRECOGNIZED: throw SchemaMismatch("ShowConfiguration.kind \(self.kind.rawValue) is not a show kind")
        }
        return ShowConfiguration(
            organizer: OrganizerID(organizer), kind: kind, details: details.decoded, schedule: schedule.decoded, inventory: try inventory.decoded(),
            cutoff: try cutoff.decoded(), holdMinutes: Int(holdMinutes), maxTicketsPerOrder: Int(maxTicketsPerOrder), refundPolicy: refundPolicy.decoded,
            registration: hasRegistration ? try registration.decoded() : nil, accessLink: hasAccessLink ? accessLink : nil,
            tax: TaxRule(basisPointsOnFees: taxBasisPointsOnFees), loneSeats: try loneSeats.decoded())
    }
}

extension PBLoneSeatRule {
    init(_ rule: LoneSeatRule) {
        self = switch rule {
        case .allowed: .allowed
        case .refused: .refused
        }
    }

    func decoded() throws(SchemaMismatch) -> LoneSeatRule {
        switch self {
        case .allowed: .allowed
        case .refused: .refused
        case .UNRECOGNIZED(let value): throw SchemaMismatch("LoneSeatRule \(value) is not a lone-seat rule")
        }
    }
}

extension PBBookingCutoff {
    init(_ cutoff: BookingCutoff) {
        self.init()
        switch cutoff {
        case .untilSoldOut: kind = .untilSoldOut(true)
        case .minutesBeforeStart(let minutes): kind = .minutesBeforeStart(Int64(minutes))
        case .at(let instant): kind = .at(instant.rawValue)
        }
    }

    func decoded() throws(SchemaMismatch) -> BookingCutoff {
        switch kind {
        case .untilSoldOut: .untilSoldOut
        case .minutesBeforeStart(let minutes): .minutesBeforeStart(Int(minutes))
        case .at(let instant): .at(Instant(instant))
        case nil: throw SchemaMismatch("a show has no booking cut-off")
        }
    }
}

extension PBShowDetails {
    init(_ details: ShowDetails) {
        self.init()
        title = details.title
        description_p = details.description
        subType = details.subType
        city = details.city
        venue = details.venue
        if let screen = details.screen {
            self.screen = PBScreenRef.with {
                $0.hall = screen.hall.rawValue
                $0.screen = screen.screen.rawValue
            }
        }
        if let poster = details.poster { self.poster = poster }
    }

    var decoded: ShowDetails {
        var details = ShowDetails(title: title, description: description_p, subType: subType, city: city, venue: venue,
                                  screen: hasScreen ? ScreenRef(hall: HallID(screen.hall), screen: ScreenID(screen.screen)) : nil)
        details.poster = hasPoster ? poster : nil
        return details
    }
}

extension PBInventory {
    init(_ inventory: Inventory) {
        self.init()
        switch inventory {
        case .seated(let seated):
            kind = .seated(PBSeatedInventory.with {
                $0.seats = seated.seats.sorted { $0.key < $1.key }.map { seat, type in
                    PBSeatOfType.with {
                        $0.seat = seat.rawValue
                        $0.seatType = type
                    }
                }
                $0.pricing = PBSeatPricing.with {
                    switch seated.pricing {
                    case .flat(let price): $0.kind = .flat(PBMoney(price))
                    case .bySeatType(let prices):
                        $0.kind = .bySeatType(PBSeatTypePrices.with {
                            $0.prices = prices.sorted { $0.key < $1.key }.map { type, price in
                                PBSeatTypePrice.with {
                                    $0.seatType = type
                                    $0.price = PBMoney(price)
                                }
                            }
                        })
                    }
                }
            })
        case .categories(let categories):
            kind = .categories(PBTicketCategories.with {
                $0.categories = categories.map { category in
                    PBTicketCategory.with {
                        $0.id = category.id.rawValue
                        $0.name = category.name
                        $0.capacity = Int64(category.capacity)
                        $0.price = PBMoney(category.price)
                    }
                }
            })
        }
    }

    func decoded() throws(SchemaMismatch) -> Inventory {
        switch kind {
        case .seated(let seated):
            var seats: [SeatID: String] = [:]
            seats.reserveCapacity(seated.seats.count)
            for entry in seated.seats { seats[SeatID(entry.seat)] = entry.seatType }
            let pricing: SeatPricing
            switch seated.pricing.kind {
            case .flat(let price): pricing = .flat(try price.decoded())
            case .bySeatType(let list):
                var prices: [String: Money] = [:]
                for entry in list.prices { prices[entry.seatType] = try entry.price.decoded() }
                pricing = .bySeatType(prices)
            case nil: throw SchemaMismatch("a seated inventory has no pricing")
            }
            return .seated(SeatedInventory(seats: seats, pricing: pricing))
        case .categories(let list):
            var categories: [TicketCategory] = []
            for category in list.categories {
                categories.append(TicketCategory(id: CategoryID(category.id), name: category.name, capacity: Int(category.capacity),
                                                 price: try category.price.decoded()))
            }
            return .categories(categories)
        case nil: throw SchemaMismatch("an inventory is neither seated nor categories")
        }
    }
}

extension PBRegistrationRules {
    init(_ rules: RegistrationRules) {
        self.init()
        fields = rules.fields.map { field in
            PBRegistrationField.with {
                $0.label = field.label
                $0.required = field.required
                $0.options = field.options
            }
        }
        participation = PBParticipation.with {
            switch rules.participation {
            case .individual: $0.kind = .individual(true)
            case let .team(minimum, maximum):
                $0.kind = .team(PBTeamSize.with {
                    $0.minimum = Int64(minimum)
                    $0.maximum = Int64(maximum)
                })
            }
        }
        perCustomer = Int64(rules.perCustomer)
    }

    func decoded() throws(SchemaMismatch) -> RegistrationRules {
        let participation: Participation = switch self.participation.kind {
        case .individual: .individual
        case .team(let size): .team(minimum: Int(size.minimum), maximum: Int(size.maximum))
        case nil: throw SchemaMismatch("registration rules have no participation")
        }
        return RegistrationRules(fields: fields.map { RegistrationField(label: $0.label, required: $0.required, options: $0.options) },
                                 participation: participation, perCustomer: Int(perCustomer))
    }
}
