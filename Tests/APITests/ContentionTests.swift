import Domain
import API
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Projections
import Testing

@Suite("API: an on-sale rush")
struct ContentionTests {
    @Test(.timeLimit(.minutes(2)))
    func twoHundredCustomersRacingForFiftySeatsOverHTTPNeverShareOne() async throws {
        let signer = try await SessionSigner(secret: String(repeating: "k", count: 32))
        var tokens: [String] = []
        for index in 0..<200 { tokens.append(try await signer.issue(for: Identity(role: .customer, id: "rush-\(index)", email: "r\(index)@example.com"))) }
        let bearers = tokens
        try await withDemoServerStores { client, log, projections in
            let seats = "ABCDE".flatMap { row in (1...10).map { "\(row)\($0)" } }
            let results = try await withThrowingTaskGroup(of: (Int, [String], UInt16).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        var random = SystemRandomNumberGenerator()
                        let wanted = Array(Set((0..<Int.random(in: 1...2, using: &random)).map { _ in seats.randomElement(using: &random)! })).sorted()
                        let body = #"{"eventId":"demo-seated","seats":[\#(wanted.map { "\"\($0)\"" }.joined(separator: ","))]}"#
                        let status = try await client.execute(uri: "/api/booking/hold", method: .post,
                                                              headers: [.authorization: "Bearer \(bearers[index])"],
                                                              body: ByteBuffer(string: body)) { $0.status.code }
                        return (index, wanted, UInt16(status))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { $0.2 == 200 || $0.2 == 409 }, "statuses: \(Set(results.map(\.2)))")
            var owner: [String: Int] = [:]
            for (index, wanted, status) in results where status == 200 {
                for seat in wanted {
                    #expect(owner[seat] == nil, "seat \(seat) held by customers \(owner[seat] ?? -1) and \(index)")
                    owner[seat] = index
                }
            }
            #expect(!owner.isEmpty)

            // The seat map the server serves equals a fresh replay of the log, and the log verifies.
            let head = try await log.head()
            try await client.execute(uri: "/api/event/demo-seated/seats?after=\(head.rawValue)", method: .get) { _ in }
            let live = try ShowAvailabilityProjection.read(show: "demo-seated", from: projections, bookings: true)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-replay-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: scratch) }
            let fresh = try ProjectionStore(path: scratch.path, durable: false)
            try await ProjectionRunner(ShowAvailabilityProjection(), log: log, store: fresh).catchUp()
            let replayed = try ShowAvailabilityProjection.read(show: "demo-seated", from: fresh, bookings: true)
            #expect(live == replayed)
            let heldSeats: [String] = (replayed?.marks ?? [:]).filter { $0.value.status == .held }.map { $0.key.rawValue }
            #expect(Set(heldSeats) == Set(owner.keys))
            #expect(try log.verify().isIntact)
        }
    }
}
