import Domain

/// One event of every stored type (and of each optional field both present and absent), for the golden bytes.
enum SampleEvents {
    static let at = Instant(millisecondsSince1970: 1_800_000_000_000)
    static let schedule = ShowSchedule(start: Instant(millisecondsSince1970: 1_800_172_800_000), end: Instant(millisecondsSince1970: 1_800_183_600_000))
    static let seats = Items.seats([SeatID("A2"), SeatID("A1")])
    static let tickets = Items.tickets([CategoryID("silver"): 3, CategoryID("gold"): 1])
    static let price = PriceBreakdown(
        lines: [PriceBreakdown.Line(item: "A1", unitPrice: .major(250), quantity: 1, feePerTicket: .major(30)),
                PriceBreakdown.Line(item: "A2", unitPrice: .major(250), quantity: 1, feePerTicket: .major(30))],
        base: .major(500), fees: .major(60), tax: .major(0), total: .major(560))
    static let layout = SeatLayout(rows: [SeatRow(label: "A", places: [.seat(number: 1, type: "standard"), .gap, .seat(number: 2, type: "premium")])],
                                   blocked: [SeatID("A2")])
    static let seated = ShowConfiguration(
        organizer: OrganizerID("organizer-1"), kind: .seating,
        details: ShowDetails(title: "Hamlet", description: "A play", subType: "drama", city: "Pune", venue: "Main hall",
                             screen: ScreenRef(hall: HallID("hall-1"), screen: ScreenID("screen-1"))),
        schedule: schedule,
        inventory: .seated(SeatedInventory(seats: [SeatID("A1"): "standard", SeatID("A3"): "premium"],
                                           pricing: .bySeatType(["standard": .major(250), "premium": .major(400)]))),
        cutoff: .minutesBeforeStart(30), holdMinutes: 10, maxTicketsPerOrder: 6, refundPolicy: .standard, tax: TaxRule(basisPointsOnFees: 1_800))
    static let registration = ShowConfiguration(
        organizer: OrganizerID("organizer-1"), kind: .registration, details: ShowDetails(title: "Hackathon"), schedule: schedule,
        inventory: .categories([TicketCategory(id: CategoryID("entry"), name: "Entry", capacity: 120, price: .zero())]),
        cutoff: .at(at), registration: RegistrationRules(fields: [RegistrationField(label: "name"), RegistrationField(label: "track", required: false, options: ["web", "ml"])],
                                                         participation: .team(minimum: 2, maximum: 4), perCustomer: 2),
        accessLink: "https://meet.example/abc")
    static var withPoster: ShowDetails {
        var details = ShowDetails(title: "Hamlet")
        details.poster = "posters/abc.png"
        return details
    }
    static let terms = BookingTerms(show: ShowID("show-1"), customer: CustomerID("customer-1"), items: seats, price: price,
                                    expiresAt: at.adding(.minutes(10)), refundPolicy: .standard, schedule: schedule)
    static let receipt = PaymentReceipt(order: OrderID("order_1"), payment: PaymentID("pay_1"), amount: .major(560))
    static let figures = PayoutFigures(gross: .major(1_120), refunds: .major(560), platformFees: .major(60), netPayable: .major(500), tickets: 2)

    static let show: [Show.Event] = [
        .drafted(ShowDrafted(configuration: seated)),
        .drafted(ShowDrafted(configuration: registration)),
        .detailsEdited(ShowDetailsEdited(details: withPoster)),
        .rescheduled(ShowRescheduled(schedule: schedule)),
        .inventoryChanged(ShowInventoryChanged(inventory: .seated(SeatedInventory(seats: [SeatID("B1"): "standard"], pricing: .flat(.major(100)))))),
        .refundPolicyChanged(RefundPolicyChanged(policy: RefundPolicy(refundable: false, deadlineMinutesBeforeStart: 0, feesRefunded: false))),
        .cutoffChanged(CutoffChanged(cutoff: .minutesBeforeStart(30))),
        .cutoffChanged(CutoffChanged(cutoff: .at(at))),
        .loneSeatRuleChanged(LoneSeatRuleChanged(rule: .refused)),
        .loneSeatRuleChanged(LoneSeatRuleChanged(rule: .allowed)),
        .submitted(ShowSubmitted(organizer: OrganizerID("organizer-1"))),
        .approved(ShowApproved(admin: AdminID("admin-1"))),
        .rejected(ShowRejected(admin: AdminID("admin-1"), reason: "no poster")),
        .itemsHeld(ItemsHeld(booking: BookingID("booking-1"), customer: CustomerID("customer-1"), items: seats, expiresAt: at)),
        .itemsHeld(ItemsHeld(booking: BookingID("booking-2"), customer: CustomerID("customer-2"), items: .tickets([CategoryID("entry"): 2]), expiresAt: at,
                             participants: [Participant(answers: ["name": "Asha", "track": "ml"]), Participant(answers: ["name": "Ravi"])])),
        .holdReleased(HoldReleased(booking: BookingID("booking-1"), reason: .byCustomer)),
        .holdReleased(HoldReleased(booking: BookingID("booking-1"), reason: .replaced)),
        .holdExpired(HoldExpired(booking: BookingID("booking-1"))),
        .itemsSold(ItemsSold(booking: BookingID("booking-1"), customer: CustomerID("customer-1"), items: tickets, late: true)),
        .itemsReturned(ItemsReturned(booking: BookingID("booking-1"), items: seats)),
        .cancelled(ShowCancelled(by: .organizer(OrganizerID("organizer-1")), reason: "the band is ill", at: at)),
        .cancelled(ShowCancelled(by: .system, reason: "hall closed", at: at)),
        .ended(ShowEnded(at: at)),
    ]

    static let booking: [Booking.Event] = [
        .started(BookingStarted(terms: terms)),
        .orderCreated(OrderCreated(order: OrderID("order_1"), amount: .major(560))),
        .confirmed(BookingConfirmed(payment: receipt, tickets: [IssuedTicket(id: TicketID("ticket-1"), admits: "A1"),
                                                               IssuedTicket(id: TicketID("ticket-2"), admits: "A2")], at: at)),
        .confirmed(BookingConfirmed(payment: nil, tickets: [IssuedTicket(id: TicketID("ticket-3"), admits: "entry")], at: at)),
        .paymentFailed(PaymentFailed(order: OrderID("order_1"), reason: "card declined")),
        .expired(BookingExpired(at: at)),
        .released(BookingReleased(by: CustomerID("customer-1"))),
        .checkedIn(TicketCheckedIn(ticket: TicketID("ticket-1"), scanner: OrganizerID("organizer-1"), at: at)),
        .refundRequested(RefundRequested(refund: RefundID("refund-1"), amount: .major(560), reason: .customerCancelled, payment: PaymentID("pay_1"), at: at)),
        .refundRequested(RefundRequested(refund: RefundID("refund-2"), amount: .zero(), reason: .showCancelled, payment: nil, at: at)),
        .refundRequested(RefundRequested(refund: RefundID("refund-3"), amount: .major(560), reason: .paymentUnfulfillable, payment: PaymentID("pay_3"), at: at)),
        .refundProcessing(RefundProcessing(gatewayReference: "rfnd_1")),
        .refundProcessed(RefundProcessed(at: at)),
        .refundFailed(RefundFailed(reason: "gateway down")),
    ]

    static let payout: [Payout.Event] = [
        .settled(PayoutSettled(show: ShowID("show-1"), organizer: OrganizerID("organizer-1"), figures: figures, at: at)),
        .receiptSent(PayoutReceiptSent(admin: AdminID("admin-1"), at: at)),
        .initiated(PayoutInitiated(admin: AdminID("admin-1"), method: .upi, reference: "UTR123", at: at)),
        .initiated(PayoutInitiated(admin: AdminID("admin-1"), method: .bankTransfer, reference: "NEFT9", at: at)),
        .paid(PayoutPaid(organizer: OrganizerID("organizer-1"), at: at)),
    ]

    static let hall: [Hall.Event] = [
        .registered(HallRegistered(name: "Main", city: "Pune", address: "1 FC Road", by: AdminID("admin-1"))),
        .screenAdded(HallScreenAdded(screen: ScreenID("screen-1"), name: "Screen 1")),
        .activeSet(HallActiveSet(active: false)),
        .edited(HallEdited(name: "Main Hall", city: "Pune", address: "2 FC Road", by: AdminID("admin-1"))),
        .removed(HallRemoved(by: AdminID("admin-1"))),
    ]

    static let screen: [Screen.Event] = [
        .registered(ScreenRegistered(hall: HallID("hall-1"), name: "Screen 1")),
        .layoutDefined(LayoutDefined(layout: layout)),
        .slotReserved(SlotReserved(show: ShowID("show-1"), schedule: schedule)),
        .slotReleased(SlotReleased(show: ShowID("show-1"))),
        .openSet(ScreenOpenSet(open: false)),
        .retired(ScreenRetired()),
    ]

    static let customer: [Customer.Event] = [
        .registered(CustomerRegistered(customer: CustomerID("customer-1"), email: "asha@example.com", name: "Asha", at: at)),
        .profileUpdated(CustomerProfileUpdated(customer: CustomerID("customer-1"), name: "Asha Rao", phone: "+919800000001")),
        .liked(ShowLiked(show: ShowID("show-1"))),
        .unliked(ShowUnliked(show: ShowID("show-1"))),
        .googleLinked(GoogleAccountLinked(customer: CustomerID("customer-1"), subject: "google-1", email: "asha@example.com", at: at)),
        .erased(CustomerErased(customer: CustomerID("customer-1"), by: .admin(AdminID("admin-1")), at: at)),
    ]

    static let organizer: [Organizer.Event] = [
        .registered(OrganizerRegistered(organizer: OrganizerID("organizer-1"), email: "o@example.com", name: "Org", phone: "+919800000002", at: at)),
        .payoutDetailsSet(PayoutDetailsSet(details: .upi(id: "org@bank"), at: at)),
        .payoutDetailsSet(PayoutDetailsSet(details: .bankAccount(holder: "Org", number: "000123", ifsc: "HDFC0001"), at: at)),
        .payoutDetailsRead(PayoutDetailsRead(by: AdminID("admin-1"), at: at)),
    ]

    static let webhook: [Webhook.Event] = [
        .registered(WebhookRegistered(organizer: OrganizerID("organizer-1"), url: "https://hooks.example.com/t", topics: [.sold, .checkedIn, .payoutPaid],
                                      from: 42, at: at)),
        .removed(WebhookRemoved(at: at)),
        .delivered(WebhookDelivered(position: 43, status: 204, attempts: 3, at: at)),
        .attemptFailed(WebhookAttemptFailed(position: 43, attempt: 2, status: 503, reason: "unavailable", retryAt: at.adding(.minutes(1)), at: at)),
        .attemptFailed(WebhookAttemptFailed(position: 43, attempt: 1, status: nil, reason: "connection refused", retryAt: at, at: at)),
        .replayRequested(WebhookReplayRequested(from: 0, at: at)),
    ]

    static let waitingList: [WaitingList.Event] = [
        .joined(WaitlistJoined(customer: CustomerID("customer-1"), wish: .seats(count: 2, seatType: "premium"), number: 1, at: at)),
        .joined(WaitlistJoined(customer: CustomerID("customer-2"), wish: .seats(count: 1, seatType: nil), number: 2, at: at)),
        .joined(WaitlistJoined(customer: CustomerID("customer-3"), wish: .tickets(count: 4, category: CategoryID("gold")), number: 3, at: at)),
        .left(WaitlistLeft(customer: CustomerID("customer-2"), at: at)),
        .offered(WaitlistOffered(customer: CustomerID("customer-1"), booking: BookingID("booking-1"), at: at)),
        .offerTaken(WaitlistOfferEnded(customer: CustomerID("customer-1"), booking: BookingID("booking-1"), at: at)),
        .offerLapsed(WaitlistOfferEnded(customer: CustomerID("customer-3"), booking: BookingID("booking-3"), at: at)),
    ]

    static let saleQueue: [SaleQueue.Event] = [
        .configured(SaleQueueConfigured(settings: SaleQueueSettings(organizer: OrganizerID("organizer-1"), opensAt: at.adding(.hours(1)), admitPerMinute: 600,
                                                                    passMinutes: 5, seedHash: Array(0..<32)), at: at)),
        .arrived(QueueArrived(customer: CustomerID("customer-1"), number: 1, at: at)),
        .opened(QueueOpened(seed: Array(repeating: 9, count: 32), early: 1, at: at.adding(.hours(1)))),
        .admitted(CustomersAdmitted(customers: [CustomerID("customer-1"), CustomerID("customer-2")], passExpiresAt: at.adding(.minutes(65)), at: at)),
    ]

    static let chat: [ShowChat.Event] = [
        .posted(ChatMessagePosted(number: 1, by: .customer(CustomerID("customer-1")), name: "Asha", text: "Doors at 7?", at: at)),
        .posted(ChatMessagePosted(number: 2, by: .organizer(OrganizerID("organizer-1")), name: "Org", text: "Yes ✓", at: at)),
        .hidden(ChatMessageHidden(number: 1, by: OrganizerID("organizer-1"), at: at)),
        .muted(ChatAuthorMuted(customer: CustomerID("customer-1"), by: OrganizerID("organizer-1"), at: at)),
        .unmuted(ChatAuthorUnmuted(customer: CustomerID("customer-1"), by: OrganizerID("organizer-1"), at: at)),
    ]

    static let adminInvite: [AdminInvite.Event] = [
        .invited(AdminInvited(email: "a@example.com", tokenHash: "ab12", by: AdminID("admin-1"), expiresAt: at)),
        .accepted(AdminInviteAccepted(admin: AdminID("admin-2"), email: "a@example.com", passwordHash: "$2b$", sealedTOTPSecret: "sealed", at: at)),
    ]

    static let passcode: [OneTimePasscode.Event] = [
        .issued(PasscodeIssued(codeHash: "cd34", purpose: .customerSignUp, issuedAt: at, expiresAt: at.adding(.minutes(10)),
                               profile: PendingProfile(name: "Asha", phone: "+919800000001", account: "customer-1"))),
        .issued(PasscodeIssued(codeHash: "cd35", purpose: .organizerSignIn, issuedAt: at, expiresAt: at.adding(.minutes(10)))),
        .attemptFailed(PasscodeAttemptFailed(at: at, attemptsLeft: 4)),
        .verified(PasscodeVerified(purpose: .organizerSignUp, at: at, profile: PendingProfile(name: "Org", account: "organizer-1"))),
        .verified(PasscodeVerified(purpose: .customerSignIn, at: at)),
    ]

    static let session: [Session.Event] = [.ended(SessionEnded(account: "customer:customer-1", at: at))]

    static let supportIssue: [SupportIssue.Event] = [
        .raised(IssueRaised(by: .customer(CustomerID("customer-1")), subject: "Seat view", description: "Near the aisle?", image: "issues/1.png", at: at)),
        .raised(IssueRaised(by: .admin(AdminID("admin-1")), subject: "Test", description: "", image: nil, at: at)),
        .resolved(IssueResolved(by: AdminID("admin-1"), note: "Yes", at: at)),
    ]

    static let holdTimer = [HoldExpiryDue(show: ShowID("show-1"), booking: BookingID("booking-1"), expiresAt: at)]
    static let showEndTimer = [ShowEndDue(show: ShowID("show-1"), endsAt: at)]
    static let queueTickTimer = [QueueTickDue(show: ShowID("show-1"), at: at)]
    static let paymentCheckTimer = [PaymentCheckDue(booking: BookingID("booking-1"), attempt: 3)]
}
