import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Synchronization
import TestSupport
import Testing

/// `tktplz serve` with organizers drafting seated shows on the demo screen, killed with SIGKILL at random moments.
/// A draft and the screen slot it takes are one commit: after every kill, each slot the screen holds belongs to a
/// show the log has, and each drafted show on the screen holds its slot. (When they were two commits, a kill
/// between them left a slot held by a show that did not exist, and that time could never be booked again.)
@Suite("Faults: shows drafted with their screen slot, the server killed meanwhile")
struct DraftCrashTests {
    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// One draft after another, each at a time of its own (5 h apart: a 3 h show and its turnaround never clash).
    private static func draftingLoop(port: Int, token: String, next: Counter, drafted: Counter) async {
        let http = HTTPDriver(port: port)
        let base = Instant.now().adding(.hours(48)).rawValue
        while !Task.isCancelled {
            let slot = Int64(next.value.add(1, ordering: .relaxed).newValue)
            let start = base + slot * 5 * 3_600_000
            let body = """
                {"kind":"seating","title":"Crash \(slot)","city":"Pune","venue":"Demo Hall","hallId":"demo-hall","screenId":"demo-screen",
                 "start":\(start),"end":\(start + 3 * 3_600_000),"seatPrices":{"regular":30000,"premium":70000}}
                """
            if let reply = try? await http.post("/api/organizer/events", body, token: token), reply.status == 200 {
                drafted.value.add(1, ordering: .relaxed)
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func everySlotOnTheScreenBelongsToADraftedShowAndEveryDraftHoldsItsSlot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-draftcrash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let signer = try await SessionSigner(secret: String(repeating: "e", count: 32))
        let token = try await signer.issue(for: Identity(role: .organizer, id: DemoData.organizer.rawValue, email: DemoData.organizerEmail))
        let next = Counter()
        let drafted = Counter()
        // At least five rounds, and more (up to twelve) until the load has drafted twenty: under a full suite's load a
        // kill can come before a round answers any draft.
        var round = 0
        while round < 5 || (drafted.value.load(ordering: .relaxed) < 20 && round < 12) {
            defer { round += 1 }
            let server = try await ServerProcess.start(dataDirectory: directory)
            let load = Task {
                await withTaskGroup { group in
                    for _ in 0..<4 { group.addTask { await Self.draftingLoop(port: server.port, token: token, next: next, drafted: drafted) } }
                }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 300...1200)))
            await server.kill()
            load.cancel()
            await load.value
            let (slots, shows) = try await slotsAndDrafts(directory)
            print("draft crash round \(round): \(drafted.value.load(ordering: .relaxed)) drafts answered, \(slots.count) slots, \(shows.count) drafted shows on the screen")
            let orphans = slots.subtracting(shows), slotless = shows.subtracting(slots)
            #expect(orphans.isEmpty, "screen slots held by shows the log does not have")
            #expect(slotless.isEmpty, "drafted shows without their screen slot")
        }
        #expect(drafted.value.load(ordering: .relaxed) >= 20, "the load drafted")
    }

    /// The shows the demo screen holds slots for, and the shows drafted on it, as the log has them.
    private func slotsAndDrafts(_ directory: URL) async throws -> (slots: Set<ShowID>, shows: Set<ShowID>) {
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, readOnly: true))
        defer { log.close() }
        var screen = Screen.initialState
        for record in try await log.history(of: try Screen.stream(DemoData.screen)) {
            if let event = try EventEncoding.decode(Screen.self, record) { screen = Screen.evolve(screen, event) }
        }
        var shows: Set<ShowID> = []
        var position = GlobalPosition.start
        while true {
            let page = try await log.read(from: position.next, limit: 1000)
            for record in page where record.stream.isIn(category: Show.category) {
                if case .drafted(let drafted)? = try EventEncoding.decode(Show.self, record),
                   drafted.configuration.details.screen?.screen == DemoData.screen {
                    shows.insert(ShowID(record.stream.id))
                }
            }
            guard let last = page.last else { break }
            position = last.position
        }
        return (Set(screen.slots.keys), shows)
    }
}
