import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Testing

/// What a command handler keeps per stream has a bound: made-up ids leave nothing behind, and past the bound the
/// least recently used streams are dropped and reloaded from the log when asked for again, unchanged.
@Suite("API: command lanes stay bounded")
struct CommandLaneMemoryTests {
    private func withLog(_ body: (LMDBEventLog) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-lanes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = try LMDBEventLog(.init(path: directory.appendingPathComponent("events").path, durable: false))
        defer { log.close() }
        try await body(log)
    }

    private let now = Instant(millisecondsSince1970: 1_800_000_000_000)

    @Test func aHundredThousandMadeUpIdsLeaveNoStreamInMemory() async throws {
        try await withLog { log in
            let bookings = CommandHandler<Booking>(log: log, maxLanes: 1_000)
            for index in 0..<100_000 {
                let stream = try Booking.stream(BookingID("made-up-\(index)"))
                if index.isMultiple(of: 2) {
                    _ = try await bookings.state(of: stream)
                } else {
                    // What a release of a made-up booking asks: refused, and nothing kept.
                    await #expect(throws: CommandFailure<Booking.Rejection>.self) {
                        try await bookings.handle(.release(by: CustomerID("c"), show: ShowID("s")), on: stream)
                    }
                }
            }
            #expect(await bookings.laneCount == 0)
            #expect(try await log.head() == .start)
        }
    }

    @Test func pastTheBoundTheLeastRecentlyUsedStreamsAreDroppedAndReloadUnchanged() async throws {
        try await withLog { log in
            let customers = CommandHandler<Customer>(log: log, maxLanes: 100)
            func stream(_ index: Int) throws -> StreamName { try Customer.stream(CustomerID("customer-\(index)")) }
            for index in 0..<300 {
                _ = try await customers.handle(.register(CustomerID("customer-\(index)"), email: "c\(index)@example.com", name: "C\(index)", now: now),
                                               on: try stream(index))
            }
            #expect(await customers.laneCount <= 100)
            // The first customer was dropped long ago: asked again, the state comes back from the log, and
            // registering again is still recognised as done (nothing appended).
            let head = try await log.head()
            #expect(try await customers.state(of: try stream(0)).email == "c0@example.com")
            _ = try await customers.handle(.register(CustomerID("customer-0"), email: "c0@example.com", name: "C0", now: now), on: try stream(0))
            #expect(try await log.head() == head)
        }
    }
}

@Suite("API: rate-limit buckets stay bounded")
struct TokenBucketMemoryTests {
    @Test func aHundredThousandClientAddressesKeepAtMostTheCapacity() {
        let buckets = TokenBuckets(capacity: 1_000)
        let rule = RateLimitSettings.Rule(burst: 5, perHour: 60)
        for index in 0..<100_000 { #expect(buckets.take("sign-in|10.0.\(index / 256).\(index % 256)", rule, now: Double(index)) == nil) }
        #expect(buckets.count <= 1_000)
    }
}
