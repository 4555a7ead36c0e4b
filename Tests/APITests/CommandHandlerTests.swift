import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Testing

/// A real log in a temporary directory.
private func withLog<R>(durable: Bool = false, _ body: (LMDBEventLog) async throws -> R) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-api-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: durable))
    defer { log.close() }
    return try await body(log)
}

private let noon = Instant(millisecondsSince1970: 1_800_000_000_000)
private let show = try! Show.stream(ShowID("show-1"))

/// An approved seated show with `seats` seats, A1…An, at ₹100.
private func seatedShow(seats: Int) -> [Show.Command] {
    let layout = Dictionary(uniqueKeysWithValues: (1...seats).map { (SeatID("A\($0)"), "regular") })
    let configuration = ShowConfiguration(
        organizer: OrganizerID("o1"), kind: .seating, details: ShowDetails(title: "Hot show"),
        schedule: ShowSchedule(start: noon.adding(.hours(48)), end: noon.adding(.hours(51))),
        inventory: .seated(SeatedInventory(seats: layout, pricing: .flat(.major(100)))))
    return [.draft(configuration), .submit(by: OrganizerID("o1")), .approve(by: AdminID("a1"))]
}

/// Whether `command` took effect, or how it failed.
private func outcome(of command: Show.Command, by shows: CommandHandler<Show>) async -> Result<Void, CommandFailure<Show.Rejection>> {
    do {
        _ = try await shows.handle(command, on: show)
        return .success(())
    } catch {
        return .failure(error)
    }
}

/// The rejection `command` meets; `nil` when it took effect or failed for another reason.
private func rejection(of command: Show.Command, by shows: CommandHandler<Show>) async -> Show.Rejection? {
    if case .failure(.rejected(let rejection)) = await outcome(of: command, by: shows) { return rejection }
    return nil
}

@Suite("API: command handling")
struct CommandHandlerTests {
    @Test func aCommandIsDecidedAppendedAndRepeatingItChangesNothing() async throws {
        try await withLog { log in
            let shows = CommandHandler<Show>(log: log)
            for command in seatedShow(seats: 5) { _ = try await shows.handle(command, on: show) }
            let hold = Show.Command.hold(.seats([SeatID("A1")]), booking: BookingID("b1"), customer: CustomerID("c1"), now: noon)
            guard case .appended(let events, let appended) = try await shows.handle(hold, on: show) else {
                Issue.record("the hold was not appended")
                return
            }
            #expect(events.count == 1)
            #expect(appended.streamVersion == StreamVersion(3))
            guard case .unchanged(let version) = try await shows.handle(hold, on: show) else {
                Issue.record("repeating the hold appended again")
                return
            }
            #expect(version == StreamVersion(3))
            #expect(try await log.head() == GlobalPosition(4))
        }
    }

    @Test func aRejectionIsReturnedWithItsExactCaseAndNothingIsAppended() async throws {
        try await withLog { log in
            let shows = CommandHandler<Show>(log: log)
            for command in seatedShow(seats: 2) { _ = try await shows.handle(command, on: show) }
            _ = try await shows.handle(.hold(.seats([SeatID("A1")]), booking: BookingID("b1"), customer: CustomerID("c1"), now: noon), on: show)
            let refused = await rejection(
                of: .hold(.seats([SeatID("A1"), SeatID("A2")]), booking: BookingID("b2"), customer: CustomerID("c2"), now: noon), by: shows)
            #expect(refused == .seatsUnavailable([SeatID("A1")]))
            #expect(try await log.head() == GlobalPosition(4))
        }
    }

    @Test func aStreamWrittenBehindTheHandlersBackIsReloadedAndDecidedAgain() async throws {
        try await withLog { log in
            let shows = CommandHandler<Show>(log: log)
            for command in seatedShow(seats: 3) { _ = try await shows.handle(command, on: show) }
            // Another writer holds A1 directly in the log; the handler's cached state does not know.
            let sneaky = try EventEncoding.newEvents(Show.self, [.itemsHeld(ItemsHeld(
                booking: BookingID("bx"), customer: CustomerID("cx"), items: .seats([SeatID("A1")]), expiresAt: noon.adding(.minutes(10))))])
            _ = try await log.append(sneaky, to: show, expecting: .exact(StreamVersion(2)))
            let refused = await rejection(of: .hold(.seats([SeatID("A1")]), booking: BookingID("b1"), customer: CustomerID("c1"), now: noon), by: shows)
            #expect(refused == .seatsUnavailable([SeatID("A1")]))
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func twoHundredCustomersRacingForFiftySeatsNeverShareOne() async throws {
        try await withLog(durable: true) { log in
            let shows = CommandHandler<Show>(log: log)
            for command in seatedShow(seats: 50) { _ = try await shows.handle(command, on: show) }
            let before = log.commitStatistics
            let outcomes = await withTaskGroup(of: (Int, Set<SeatID>, Bool).self) { group in
                for customer in 0..<200 {
                    group.addTask {
                        var random = SystemRandomNumberGenerator()
                        let seats = Set((0..<Int.random(in: 1...2, using: &random)).map { _ in SeatID("A\(Int.random(in: 1...50, using: &random))") })
                        let hold = Show.Command.hold(.seats(seats), booking: BookingID("b\(customer)"), customer: CustomerID("c\(customer)"), now: noon)
                        switch await outcome(of: hold, by: shows) {
                        case .success: return (customer, seats, true)
                        case .failure(.rejected(.seatsUnavailable)): return (customer, seats, false)
                        case .failure(let other):
                            Issue.record("unexpected failure: \(other)")
                            return (customer, seats, false)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let won = outcomes.filter(\.2)
            var owner: [SeatID: Int] = [:]
            for (customer, seats, _) in won {
                for seat in seats {
                    #expect(owner[seat] == nil, "seat \(seat) held by customers \(owner[seat]!) and \(customer)")
                    owner[seat] = customer
                }
            }
            #expect(!won.isEmpty)
            // The handler's state is exactly what a fresh fold of the log gives.
            let fresh = CommandHandler<Show>(log: log)
            #expect(try await fresh.state(of: show) == shows.state(of: show))
            #expect(try await fresh.state(of: show).seatTakenBy.count == owner.count)
            #expect(try log.verify().isIntact)
            // Holds were pipelined into shared commits rather than one fsync each.
            let after = log.commitStatistics
            #expect(after.requests - before.requests == won.count)
            #expect(after.commits - before.commits < won.count)
        }
    }
}
