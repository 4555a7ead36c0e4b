import App
import Domain
import DomainEvents
import EventStore

/// A seated show starting in seconds and ending soon after, refundable until its start: its end (and its payout)
/// comes within a test.
func shortShow(_ id: String, log: LMDBEventLog, startsIn: Duration = .seconds(25), lasting: Duration = .seconds(2)) async throws {
    let now = Instant.now()
    let configuration = ShowConfiguration(
        organizer: DemoData.organizer, kind: .seating, details: ShowDetails(title: "Short Hamlet", city: "Pune"),
        // Long enough to sell and refund before the start on a busy machine, short enough to wait for the end.
        schedule: ShowSchedule(start: now.adding(startsIn), end: now.adding(startsIn).adding(lasting)),
        inventory: .seated(SeatedInventory(seats: Dictionary(uniqueKeysWithValues: (1...10).map { (SeatID("A\($0)"), $0 <= 5 ? "regular" : "premium") }),
                                           pricing: .bySeatType(["regular": .major(250), "premium": .major(600)]))),
        refundPolicy: RefundPolicy(refundable: true, deadlineMinutesBeforeStart: 0, feesRefunded: false))
    let stream = try Show.stream(ShowID(id))
    for command: Show.Command in [.draft(configuration), .submit(by: DemoData.organizer), .approve(by: DemoData.admin)] {
        _ = try await CommandHandler<Show>(log: log).handle(command, on: stream)
    }
}
