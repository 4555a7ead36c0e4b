import Domain

/// Named sample values, so tests read as sentences.
let noon = Instant(millisecondsSince1970: 1_800_000_000_000)
let showStart = noon.adding(.hours(48))
let showEnd = showStart.adding(.hours(3))

extension OrganizerID { static let o1 = OrganizerID("organizer-1"), o2 = OrganizerID("organizer-2") }
extension AdminID { static let a1 = AdminID("admin-1") }
extension CustomerID { static let c1 = CustomerID("customer-1"), c2 = CustomerID("customer-2"), c3 = CustomerID("customer-3") }
extension BookingID { static let b1 = BookingID("booking-1"), b2 = BookingID("booking-2"), b3 = BookingID("booking-3") }
extension CategoryID { static let gold = CategoryID("gold"), silver = CategoryID("silver"), entry = CategoryID("entry") }
extension SeatID {
    static let a1 = SeatID("A1"), a2 = SeatID("A2"), a3 = SeatID("A3"), a4 = SeatID("A4"), a5 = SeatID("A5")
    static let b1 = SeatID("B1"), b2 = SeatID("B2")
}

extension Money {
    static func rupees(_ amount: Int64) -> Money { .major(amount) }
}

enum Sample {
    static let schedule = ShowSchedule(start: showStart, end: showEnd)

    /// Seven seats: A1–A5 regular at ₹250, B1–B2 premium at ₹600.
    static let seated = ShowConfiguration(
        organizer: .o1, kind: .seating, details: ShowDetails(title: "Hamlet", city: "Pune", venue: "Hall 1"),
        schedule: schedule,
        inventory: .seated(SeatedInventory(
            seats: [.a1: "regular", .a2: "regular", .a3: "regular", .a4: "regular", .a5: "regular",
                    .b1: "premium", .b2: "premium"],
            pricing: .bySeatType(["regular": .rupees(250), "premium": .rupees(600)]))),
        maxTicketsPerOrder: 4)

    /// Gold: 5 at ₹1000; silver: 10 at ₹300.
    static let open = ShowConfiguration(
        organizer: .o1, kind: .open, details: ShowDetails(title: "Festival", city: "Goa"), schedule: schedule,
        inventory: .categories([
            TicketCategory(id: .gold, name: "Gold", capacity: 5, price: .rupees(1000)),
            TicketCategory(id: .silver, name: "Silver", capacity: 10, price: .rupees(300)),
        ]))

    /// Free sign-ups in teams of 2 to 4, with a name and a college.
    static let registration = ShowConfiguration(
        organizer: .o1, kind: .registration, details: ShowDetails(title: "Hackathon"), schedule: schedule,
        inventory: .categories([TicketCategory(id: .entry, name: "Entry", capacity: 6, price: .zero())]),
        registration: RegistrationRules(
            fields: [RegistrationField(label: "name"), RegistrationField(label: "college", required: false)],
            participation: .team(minimum: 2, maximum: 4)))

    static func onSale(_ configuration: ShowConfiguration) -> [Show.Event] {
        [.drafted(ShowDrafted(configuration: configuration)), .submitted(ShowSubmitted(organizer: .o1)),
         .approved(ShowApproved(admin: .a1))]
    }

    static func held(_ booking: BookingID, _ customer: CustomerID, _ items: Items, at: Instant = noon) -> Show.Event {
        .itemsHeld(ItemsHeld(booking: booking, customer: customer, items: items, expiresAt: at.adding(.minutes(10))))
    }

    static func participant(_ name: String) -> Participant { Participant(answers: ["name": name]) }
}

extension ShowID { static let s1 = ShowID("show-1"), s2 = ShowID("show-2") }
extension OrderID { static let order1 = OrderID("order_1"), order2 = OrderID("order_2") }
extension PaymentID { static let pay1 = PaymentID("pay_1"), pay2 = PaymentID("pay_2") }
extension RefundID { static let r1 = RefundID("refund-1"), r2 = RefundID("refund-2") }
extension TicketID { static let t1 = TicketID("ticket-1"), t2 = TicketID("ticket-2"), t3 = TicketID("ticket-3") }

extension Sample {
    /// Seats A1 and A2 at ₹250 with ₹30 fees each: ₹560.
    static let seatTerms: BookingTerms = {
        let items = Items.seats([.a1, .a2])
        let price = try! Show.fold(onSale(seated)).price(of: items)!
        return BookingTerms(show: .s1, customer: .c1, items: items, price: price, expiresAt: noon.adding(.minutes(10)),
                            refundPolicy: .standard, schedule: schedule)
    }()

    static let started = Booking.Event.started(BookingStarted(terms: seatTerms))
    static let ordered = Booking.Event.orderCreated(OrderCreated(order: .order1, amount: .rupees(560)))
    static let receipt = PaymentReceipt(order: .order1, payment: .pay1, amount: .rupees(560))
    static let confirmed = Booking.Event.confirmed(BookingConfirmed(
        payment: receipt, tickets: [IssuedTicket(id: .t1, admits: "A1"), IssuedTicket(id: .t2, admits: "A2")], at: noon))
}
