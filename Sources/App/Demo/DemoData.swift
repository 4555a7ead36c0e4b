public import Domain
import DomainEvents
public import EventStore

/// What a new user finds on first start: a hall with a 10×10 screen, an approved show of every kind, and a demo
/// customer and organizer. Seeded only into an empty log, through the same deciders as everything else.
public enum DemoData {
    public static let organizerEmail = "organizer@demo.tktplz"
    public static let customerEmail = "customer@demo.tktplz"
    /// Account ids are derived from the e-mail, as sign-in derives them, so the demo accounts can sign in.
    public static let organizer = AccountIDs.organizer(organizerEmail)
    public static let customer = AccountIDs.customer(customerEmail)
    public static let admin = AdminID("demo-admin")
    public static let hall = HallID("demo-hall")
    public static let screen = ScreenID("demo-screen")
    /// The show ids, by kind.
    public static let shows: [ShowKind: ShowID] = [
        .seating: ShowID("demo-seated"), .open: ShowID("demo-open"),
        .registration: ShowID("demo-registration"), .online: ShowID("demo-online"),
    ]
    /// A seated show starting an hour after seeding: its doors are open for check-in, and its refunds have closed
    /// (the standard policy closes them 12 h before the start).
    public static let tonight = ShowID("demo-tonight")

    /// Rows A–J of 10 seats with an aisle after seat 5; H–J are premium; J10 is blocked.
    public static let layout = SeatLayout(
        rows: "ABCDEFGHIJ".map { row in
            SeatRow.uniform(String(row), seats: 10, type: "HIJ".contains(row) ? "premium" : "regular", gapsAfter: [5])
        },
        blocked: [SeatID("J10")])

    /// Seeds the demo data if the log is empty; returns whether it did.
    @discardableResult
    public static func seedIfEmpty(log: any EventLog, now: Instant) async throws -> Bool {
        guard try await log.head() == .start else { return false }
        let start = now.adding(.hours(24 * 7))
        let schedule = ShowSchedule(start: start, end: start.adding(.hours(3)))
        try await run(Organizer.self, .register(organizer, email: organizerEmail, name: "Demo Organizer", phone: "9000000000", now: now),
                      on: Organizer.stream(organizer), log)
        try await run(Customer.self, .register(customer, email: customerEmail, name: "Demo Customer", now: now),
                      on: Customer.stream(customer), log)
        try await run(Hall.self, .register(name: "Demo Hall", city: "Pune", address: "FC Road", by: admin), on: Hall.stream(hall), log)
        try await run(Hall.self, .addScreen(screen, name: "Screen 1"), on: Hall.stream(hall), log)
        try await run(Screen.self, .register(hall: hall, name: "Screen 1"), on: Screen.stream(screen), log)
        try await run(Screen.self, .defineLayout(layout), on: Screen.stream(screen), log)

        let configurations: [(ShowKind, ShowConfiguration)] = [
            (.seating, ShowConfiguration(
                organizer: organizer, kind: .seating,
                details: ShowDetails(title: "Hamlet", description: "Demo seated show", subType: "play", city: "Pune",
                                     venue: "Demo Hall", screen: ScreenRef(hall: hall, screen: screen)),
                schedule: schedule,
                inventory: .seated(SeatedInventory(seats: layout.sellableSeats,
                                                   pricing: .bySeatType(["regular": .major(250), "premium": .major(600)]))))),
            (.open, ShowConfiguration(
                organizer: organizer, kind: .open, details: ShowDetails(title: "Sunburn Lite", subType: "concert", city: "Goa", venue: "Beach"),
                schedule: schedule,
                inventory: .categories([TicketCategory(id: CategoryID("gold"), name: "Gold", capacity: 100, price: .major(1500)),
                                        TicketCategory(id: CategoryID("silver"), name: "Silver", capacity: 500, price: .major(400))]))),
            (.registration, ShowConfiguration(
                organizer: organizer, kind: .registration, details: ShowDetails(title: "Hack Night", subType: "hackathon", city: "Pune"),
                schedule: schedule,
                inventory: .categories([TicketCategory(id: CategoryID("entry"), name: "Entry", capacity: 120, price: .zero())]),
                registration: RegistrationRules(fields: [RegistrationField(label: "name"), RegistrationField(label: "college", required: false)],
                                                participation: .team(minimum: 2, maximum: 4)))),
            (.online, ShowConfiguration(
                organizer: organizer, kind: .online, details: ShowDetails(title: "Swift on Server", subType: "webinar"),
                schedule: schedule,
                inventory: .categories([TicketCategory(id: CategoryID("general"), name: "General", capacity: 1000, price: .major(99))]),
                accessLink: "https://meet.demo.tktplz/swift")),
        ]
        let tonightStarts = now.adding(.hours(1))
        let tonightSchedule = ShowSchedule(start: tonightStarts, end: tonightStarts.adding(.hours(3)))
        let tonightShow = ShowConfiguration(
            organizer: organizer, kind: .seating,
            details: ShowDetails(title: "Macbeth", description: "Demo seated show, doors open", subType: "play", city: "Pune",
                                 venue: "Demo Hall", screen: ScreenRef(hall: hall, screen: screen)),
            schedule: tonightSchedule,
            inventory: .seated(SeatedInventory(seats: layout.sellableSeats, pricing: .flat(.major(300)))))
        var shows = configurations.compactMap { kind, configuration in Self.shows[kind].map { ($0, configuration) } }
        shows.append((tonight, tonightShow))
        for (show, configuration) in shows {
            if configuration.kind == .seating {
                try await run(Screen.self, .reserveSlot(show: show, schedule: configuration.schedule), on: Screen.stream(screen), log)
            }
            for command: Show.Command in [.draft(configuration), .submit(by: organizer), .approve(by: admin)] {
                try await run(Show.self, command, on: Show.stream(show), log)
            }
        }
        return true
    }

    private static func run<D: Decider & ProtobufEvents & SendableMetatype>(
        _: D.Type, _ command: D.Command, on stream: StreamName, _ log: any EventLog
    ) async throws where D.State: Sendable, D.Event: Sendable, D.Command: Sendable {
        _ = try await CommandHandler<D>(log: log).handle(command, on: stream)
    }
}
