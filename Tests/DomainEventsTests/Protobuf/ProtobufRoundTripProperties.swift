import Domain
@testable import DomainEvents
import EventStore
import Foundation
import TestSupport
import Testing

/// Random events of every shape encode and decode to themselves: strings of any Unicode (empty, long, NUL),
/// integers at their extremes, empty and large collections, every optional present and absent, every case of
/// every choice. Seeded, so a failure repeats; the seed is in the failure.
@Suite("Protobuf payloads: random events round-trip")
struct ProtobufRoundTripProperties {
    @Test(arguments: 0..<8)
    func randomEventsOfEveryAggregateDecodeToThemselves(seed: UInt64) throws {
        // One nonce for every box: only so that the same event is the same bytes twice, as checked below.
        try PersonalKeyRing.$override.withValue(PersonalKeyRing(store: MemoryKeyStore(), nonces: { Array(repeating: 7, count: 12) })) {
            try roundTrips(seed: seed)
        }
    }

    private func roundTrips(seed: UInt64) throws {
        var random = RandomEvents(seed: seed)
        for _ in 0..<150 {
            try expectRoundTrip(Show.self, random.show(), seed: seed)
            try expectRoundTrip(Booking.self, random.booking(), seed: seed)
            try expectRoundTrip(Payout.self, random.payout(), seed: seed)
            try expectRoundTrip(Screen.self, random.screen(), seed: seed)
            try expectRoundTrip(Hall.self, random.hall(), seed: seed)
            try expectRoundTrip(Customer.self, random.customer(), seed: seed)
            try expectRoundTrip(Organizer.self, random.organizer(), seed: seed)
            try expectRoundTrip(OneTimePasscode.self, random.passcode(), seed: seed)
            try expectRoundTrip(SupportIssue.self, random.issue(), seed: seed)
            try expectRoundTrip(AdminInvite.self, random.invite(), seed: seed)
            try expectRoundTrip(ShowChat.self, random.chat(), seed: seed)
            try expectRoundTrip(Webhook.self, random.webhook(), seed: seed)
            try expectRoundTrip(WaitingList.self, random.waitingList(), seed: seed)
            try expectRoundTrip(SaleQueue.self, random.saleQueue(), seed: seed)
            try expectRoundTrip(Session.self, .ended(SessionEnded(account: random.text(), at: random.instant())), seed: seed)
            try expectRoundTrip(HoldExpiryTimer.self, HoldExpiryDue(show: ShowID(random.text()), booking: BookingID(random.text()),
                                                                    expiresAt: random.instant()), seed: seed)
            try expectRoundTrip(ShowEndTimer.self, ShowEndDue(show: ShowID(random.text()), endsAt: random.instant()), seed: seed)
            try expectRoundTrip(QueueTickTimer.self, QueueTickDue(show: ShowID(random.text()), at: random.instant()), seed: seed)
            try expectRoundTrip(PaymentCheckTimer.self, PaymentCheckDue(booking: BookingID(random.text()), attempt: random.int()), seed: seed)
        }
    }

    private func expectRoundTrip<C: ProtobufEvents>(_: C.Type, _ event: C.Event, seed: UInt64) throws where C.Event: Equatable {
        let stored = try #require(try EventEncoding.newEvents(C.self, [event]).first)
        let decoded = try EventEncoding.decodePayload(C.self, type: stored.type, stored.payload)
        #expect(decoded == event, "seed \(seed): \(stored.type)")
        // The same event is always the same bytes (sets and dictionaries are written sorted).
        #expect(try EventEncoding.newEvents(C.self, [event]).first?.payload == stored.payload, "seed \(seed): \(stored.type) is deterministic")
    }
}

/// Random domain values, from a seeded source.
struct RandomEvents {
    var source: SeededRandom

    init(seed: UInt64) { source = SeededRandom(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1) }

    mutating func bool() -> Bool { Bool.random(using: &source) }
    mutating func int() -> Int {
        switch Int.random(in: 0..<6, using: &source) {
        case 0: 0
        case 1: Int.max
        case 2: Int.min
        case 3: -Int.random(in: 1...1_000, using: &source)
        default: Int.random(in: 0...1_000_000, using: &source)
        }
    }
    mutating func int64() -> Int64 { Int64(int()) }
    mutating func instant() -> Instant { Instant(millisecondsSince1970: int64()) }
    mutating func money() -> Money { Money(minor: int64(), currency: Currency(rawValue: pick(["INR", "USD", "EUR"]))) }
    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &source)] }
    mutating func maybe<T>(_ make: (inout Self) -> T) -> T? { bool() ? make(&self) : nil }
    mutating func list<T>(_ make: (inout Self) -> T, max: Int = 5) -> [T] {
        (0..<Int.random(in: 0...max, using: &source)).map { _ in make(&self) }
    }
    mutating func text() -> String {
        switch Int.random(in: 0..<5, using: &source) {
        case 0: ""
        case 1: "naïve café 🎭 \u{0}ü"
        case 2: String(repeating: "x", count: Int.random(in: 100...3_000, using: &source))
        default: "id-\(UInt32.random(in: 0...UInt32.max, using: &source))"
        }
    }

    mutating func items() -> Items {
        bool() ? .seats(Set(list({ SeatID($0.text()) }, max: 8))) : .tickets(Dictionary(list { (CategoryID($0.text()), $0.int()) }) { a, _ in a })
    }
    mutating func schedule() -> ShowSchedule { ShowSchedule(start: instant(), end: instant()) }
    mutating func policy() -> RefundPolicy { RefundPolicy(refundable: bool(), deadlineMinutesBeforeStart: int(), feesRefunded: bool()) }
    /// Text that can be an id personal data is sealed for (any but the empty one).
    mutating func subject() -> String {
        let text = text()
        return text.isEmpty ? "subject" : text
    }

    /// Someone who writes personal data: anyone but the system.
    mutating func author() -> Actor {
        pick([Actor.organizer(OrganizerID(subject())), .admin(AdminID(subject())), .customer(CustomerID(subject()))])
    }

    mutating func actor() -> Actor {
        pick([Actor.organizer(OrganizerID(text())), .admin(AdminID(text())), .customer(CustomerID(text())), .system])
    }
    mutating func participant() -> Participant { Participant(answers: Dictionary(list { ($0.text(), $0.text()) }) { a, _ in a }) }
    mutating func price() -> PriceBreakdown {
        PriceBreakdown(lines: list { PriceBreakdown.Line(item: $0.text(), unitPrice: $0.money(), quantity: $0.int(), feePerTicket: $0.money()) },
                       base: money(), fees: money(), tax: money(), total: money())
    }
    mutating func inventory() -> Inventory {
        if bool() {
            let seats = Dictionary(list({ (SeatID($0.text()), $0.text()) }, max: 30)) { a, _ in a }
            let pricing: SeatPricing = bool() ? .flat(money()) : .bySeatType(Dictionary(list { ($0.text(), $0.money()) }) { a, _ in a })
            return .seated(SeatedInventory(seats: seats, pricing: pricing))
        }
        return .categories(list { TicketCategory(id: CategoryID($0.text()), name: $0.text(), capacity: $0.int(), price: $0.money()) })
    }
    mutating func details() -> ShowDetails {
        var details = ShowDetails(title: text(), description: text(), subType: text(), city: text(), venue: text(),
                                  screen: maybe { ScreenRef(hall: HallID($0.text()), screen: ScreenID($0.text())) })
        details.poster = maybe { $0.text() }
        return details
    }
    mutating func configuration() -> ShowConfiguration {
        let cutoff: BookingCutoff = pick([.untilSoldOut, .minutesBeforeStart(int()), .at(instant())])
        let participation: Participation = bool() ? .individual : .team(minimum: int(), maximum: int())
        return ShowConfiguration(
            organizer: OrganizerID(text()), kind: pick([.seating, .open, .registration, .online]), details: details(), schedule: schedule(),
            inventory: inventory(), cutoff: cutoff, holdMinutes: int(), maxTicketsPerOrder: int(), refundPolicy: policy(),
            registration: maybe { RegistrationRules(fields: $0.list { RegistrationField(label: $0.text(), required: $0.bool(), options: $0.list { $0.text() }) },
                                                    participation: participation, perCustomer: $0.int()) },
            accessLink: maybe { $0.text() }, tax: TaxRule(basisPointsOnFees: int64()), loneSeats: pick([.allowed, .refused]))
    }

    mutating func show() -> Show.Event {
        switch Int.random(in: 0..<17, using: &source) {
        case 15: .cutoffChanged(CutoffChanged(cutoff: pick([.untilSoldOut, .minutesBeforeStart(int()), .at(instant())])))
        case 16: .loneSeatRuleChanged(LoneSeatRuleChanged(rule: pick([.allowed, .refused])))
        case 0: .drafted(ShowDrafted(configuration: configuration()))
        case 1: .detailsEdited(ShowDetailsEdited(details: details()))
        case 2: .rescheduled(ShowRescheduled(schedule: schedule()))
        case 3: .inventoryChanged(ShowInventoryChanged(inventory: inventory()))
        case 4: .refundPolicyChanged(RefundPolicyChanged(policy: policy()))
        case 5: .submitted(ShowSubmitted(organizer: OrganizerID(text())))
        case 6: .approved(ShowApproved(admin: AdminID(text())))
        case 7: .rejected(ShowRejected(admin: AdminID(text()), reason: text()))
        case 8: .itemsHeld(ItemsHeld(booking: BookingID(text()), customer: CustomerID(subject()), items: items(), expiresAt: instant(),
                                     participants: maybe { $0.list { $0.participant() } }))
        case 9: .holdReleased(HoldReleased(booking: BookingID(text()), reason: pick([.byCustomer, .replaced])))
        case 10: .holdExpired(HoldExpired(booking: BookingID(text())))
        case 11: .itemsSold(ItemsSold(booking: BookingID(text()), customer: CustomerID(text()), items: items(), late: bool()))
        case 12: .itemsReturned(ItemsReturned(booking: BookingID(text()), items: items()))
        case 13: .cancelled(ShowCancelled(by: actor(), reason: text(), at: instant()))
        default: .ended(ShowEnded(at: instant()))
        }
    }

    mutating func booking() -> Booking.Event {
        switch Int.random(in: 0..<11, using: &source) {
        case 0: .started(BookingStarted(terms: BookingTerms(show: ShowID(text()), customer: CustomerID(text()), items: items(), price: price(),
                                                            expiresAt: instant(), refundPolicy: policy(), schedule: schedule())))
        case 1: .orderCreated(OrderCreated(order: OrderID(text()), amount: money()))
        case 2: .confirmed(BookingConfirmed(payment: maybe { PaymentReceipt(order: OrderID($0.text()), payment: PaymentID($0.text()), amount: $0.money()) },
                                            tickets: list { IssuedTicket(id: TicketID($0.text()), admits: $0.text()) }, at: instant()))
        case 3: .paymentFailed(PaymentFailed(order: OrderID(text()), reason: text()))
        case 4: .expired(BookingExpired(at: instant()))
        case 5: .released(BookingReleased(by: CustomerID(text())))
        case 6: .checkedIn(TicketCheckedIn(ticket: TicketID(text()), scanner: OrganizerID(text()), at: instant()))
        case 7: .refundRequested(RefundRequested(refund: RefundID(text()), amount: money(), reason: pick([.customerCancelled, .showCancelled, .paymentUnfulfillable]),
                                                 payment: maybe { PaymentID($0.text()) }, at: instant()))
        case 8: .refundProcessing(RefundProcessing(gatewayReference: text()))
        case 9: .refundProcessed(RefundProcessed(at: instant()))
        default: .refundFailed(RefundFailed(reason: text()))
        }
    }

    mutating func payout() -> Payout.Event {
        switch Int.random(in: 0..<4, using: &source) {
        case 0: .settled(PayoutSettled(show: ShowID(text()), organizer: OrganizerID(text()),
                                       figures: PayoutFigures(gross: money(), refunds: money(), platformFees: money(), netPayable: money(), tickets: int()),
                                       at: instant()))
        case 1: .receiptSent(PayoutReceiptSent(admin: AdminID(text()), at: instant()))
        case 2: .initiated(PayoutInitiated(admin: AdminID(text()), method: pick([.upi, .bankTransfer]), reference: text(), at: instant()))
        default: .paid(PayoutPaid(organizer: OrganizerID(text()), at: instant()))
        }
    }

    mutating func screen() -> Screen.Event {
        switch Int.random(in: 0..<6, using: &source) {
        case 0: .registered(ScreenRegistered(hall: HallID(text()), name: text()))
        case 1: .layoutDefined(LayoutDefined(layout: SeatLayout(
            rows: list { SeatRow(label: $0.text(), places: $0.list({ $0.bool() ? .gap : .seat(number: $0.int(), type: $0.text()) }, max: 12)) },
            blocked: Set(list { SeatID($0.text()) }))))
        case 2: .slotReserved(SlotReserved(show: ShowID(text()), schedule: schedule()))
        case 3: .openSet(ScreenOpenSet(open: bool()))
        case 4: .retired(ScreenRetired())
        default: .slotReleased(SlotReleased(show: ShowID(text())))
        }
    }

    mutating func hall() -> Hall.Event {
        switch Int.random(in: 0..<5, using: &source) {
        case 0: .registered(HallRegistered(name: text(), city: text(), address: text(), by: AdminID(text())))
        case 1: .screenAdded(HallScreenAdded(screen: ScreenID(text()), name: text()))
        case 2: .edited(HallEdited(name: text(), city: text(), address: text(), by: AdminID(text())))
        case 3: .removed(HallRemoved(by: AdminID(text())))
        default: .activeSet(HallActiveSet(active: bool()))
        }
    }

    mutating func customer() -> Customer.Event {
        switch Int.random(in: 0..<6, using: &source) {
        case 0: .registered(CustomerRegistered(customer: CustomerID(subject()), email: text(), name: text(), at: instant()))
        case 1: .profileUpdated(CustomerProfileUpdated(customer: CustomerID(subject()), name: text(), phone: text()))
        case 2: .liked(ShowLiked(show: ShowID(text())))
        case 3: .unliked(ShowUnliked(show: ShowID(text())))
        case 4: .erased(CustomerErased(customer: CustomerID(text()), by: actor(), at: instant()))
        default: .googleLinked(GoogleAccountLinked(customer: CustomerID(subject()), subject: text(), email: text(), at: instant()))
        }
    }

    mutating func organizer() -> Organizer.Event {
        if bool() { return .registered(OrganizerRegistered(organizer: OrganizerID(text()), email: text(), name: text(), phone: text(), at: instant())) }
        if bool() { return .payoutDetailsRead(PayoutDetailsRead(by: AdminID(text()), at: instant())) }
        let details: PayoutDetails = bool() ? .upi(id: text()) : .bankAccount(holder: text(), number: text(), ifsc: text())
        return .payoutDetailsSet(PayoutDetailsSet(details: details, at: instant()))
    }

    mutating func webhook() -> Webhook.Event {
        switch Int.random(in: 0..<5, using: &source) {
        case 0: .registered(WebhookRegistered(organizer: OrganizerID(text()), url: text(), topics: Set(list { $0.pick(WebhookTopic.allCases) }),
                                              from: UInt64.random(in: 0...UInt64.max, using: &source), at: instant()))
        case 1: .removed(WebhookRemoved(at: instant()))
        case 2: .delivered(WebhookDelivered(position: UInt64.random(in: 0...UInt64.max, using: &source), status: int(), attempts: int(), at: instant()))
        case 3: .attemptFailed(WebhookAttemptFailed(position: UInt64.random(in: 0...UInt64.max, using: &source), attempt: int(),
                                                    status: maybe { $0.int() }, reason: text(), retryAt: instant(), at: instant()))
        default: .replayRequested(WebhookReplayRequested(from: UInt64.random(in: 0...UInt64.max, using: &source), at: instant()))
        }
    }

    mutating func saleQueue() -> SaleQueue.Event {
        let bytes = { (random: inout Self) in (0..<Int.random(in: 0...32, using: &random.source)).map { _ in UInt8.random(in: 0...255, using: &random.source) } }
        switch Int.random(in: 0..<4, using: &source) {
        case 0:
            return .configured(SaleQueueConfigured(settings: SaleQueueSettings(organizer: OrganizerID(text()), opensAt: instant(), admitPerMinute: int(),
                                                                                passMinutes: int(), seedHash: bytes(&self)), at: instant()))
        case 1: return .arrived(QueueArrived(customer: CustomerID(text()), number: int(), at: instant()))
        case 2: return .opened(QueueOpened(seed: bytes(&self), early: int(), at: instant()))
        default: return .admitted(CustomersAdmitted(customers: list { CustomerID($0.text()) }, passExpiresAt: instant(), at: instant()))
        }
    }

    mutating func waitingList() -> WaitingList.Event {
        let ended = WaitlistOfferEnded(customer: CustomerID(text()), booking: BookingID(text()), at: instant())
        switch Int.random(in: 0..<5, using: &source) {
        case 0:
            let wish: WaitlistWish = bool() ? .seats(count: int(), seatType: maybe { $0.text() }) : .tickets(count: int(), category: CategoryID(text()))
            return .joined(WaitlistJoined(customer: CustomerID(text()), wish: wish, number: int(), at: instant()))
        case 1: return .left(WaitlistLeft(customer: CustomerID(text()), at: instant()))
        case 2: return .offered(WaitlistOffered(customer: CustomerID(text()), booking: BookingID(text()), at: instant()))
        case 3: return .offerTaken(ended)
        default: return .offerLapsed(ended)
        }
    }

    mutating func chat() -> ShowChat.Event {
        switch Int.random(in: 0..<4, using: &source) {
        case 0: .posted(ChatMessagePosted(number: int(), by: author(), name: text(), text: text(), at: instant()))
        case 1: .hidden(ChatMessageHidden(number: int(), by: OrganizerID(text()), at: instant()))
        case 2: .muted(ChatAuthorMuted(customer: CustomerID(text()), by: OrganizerID(text()), at: instant()))
        default: .unmuted(ChatAuthorUnmuted(customer: CustomerID(text()), by: OrganizerID(text()), at: instant()))
        }
    }

    mutating func passcode() -> OneTimePasscode.Event {
        let purpose: OneTimePasscode.Purpose = pick([.customerSignUp, .customerSignIn, .organizerSignUp, .organizerSignIn])
        let profile = maybe { PendingProfile(name: $0.text(), phone: $0.maybe { $0.text() }, account: $0.subject()) }
        switch Int.random(in: 0..<3, using: &source) {
        case 0: return .issued(PasscodeIssued(codeHash: text(), purpose: purpose, issuedAt: instant(), expiresAt: instant(), profile: profile))
        case 1: return .attemptFailed(PasscodeAttemptFailed(at: instant(), attemptsLeft: int()))
        default: return .verified(PasscodeVerified(purpose: purpose, at: instant(), profile: profile))
        }
    }

    mutating func issue() -> SupportIssue.Event {
        bool() ? .raised(IssueRaised(by: actor(), subject: text(), description: text(), image: maybe { $0.text() }, at: instant()))
            : .resolved(IssueResolved(by: AdminID(text()), note: text(), at: instant()))
    }

    mutating func invite() -> AdminInvite.Event {
        bool() ? .invited(AdminInvited(email: text(), tokenHash: text(), by: AdminID(text()), expiresAt: instant()))
            : .accepted(AdminInviteAccepted(admin: AdminID(text()), email: text(), passwordHash: text(), sealedTOTPSecret: text(), at: instant()))
    }
}
