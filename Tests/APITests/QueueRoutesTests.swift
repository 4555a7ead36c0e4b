import API
import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Standing: Decodable {
    var status: String
    var place: Int?
    var ahead: Int?
    var pass: String?
    var passExpiresAt: Int64?
}

private struct QueueStatus: Decodable {
    var type: String
    var opened: Bool
    var admitted: Int
    var waiting: Int
}

extension ClosedRange<Int> {
    /// Sessions for customers `queue-1`, `queue-2`, ….
    func asyncMapCustomers() async throws -> [HTTPFields] {
        var sessions: [HTTPFields] = []
        for index in self { sessions.append(try await customer("queue-\(index)")) }
        return sessions
    }
}

/// An on-sale queue over HTTP, with the server's own scheduler and reactor opening it and admitting: the organizer
/// puts the demo open-air show behind a queue opening eight seconds later (room for a loaded machine to join first); holds without a pass are refused; two
/// customers who joined before the opening are admitted and hold with their own pass, never with another's.
@Suite("API: on-sale queues")
struct QueueRoutesTests {
    @Test(.timeLimit(.minutes(2)))
    func customersJoinAreAdmittedAndHoldOnlyWithTheirOwnPass() async throws {
        let owner = try await organizer()
        let (asha, ravi) = (try await customer("asha"), try await customer("ravi"))
        try await withDemoServer(seededAt: .now()) { client, _ in
            let driver = CheckoutDriver(client: client)
            let opensAt = Instant.now().adding(.seconds(8)).rawValue
            let configured = try await driver.put("/api/organizer/events/demo-open/queue", owner, #"{"opensAt":\#(opensAt),"admitPerMinute":600,"passMinutes":5}"#)
            #expect(configured.status == .ok, "\(String(buffer: configured.body))")
            let again = try await driver.put("/api/organizer/events/demo-open/queue", owner, #"{"opensAt":\#(opensAt + 3_600_000)}"#)
            #expect(again.status == .conflict && String(buffer: again.body).contains("queue_configured"))

            // No pass, no hold: the customer is told to join the queue.
            let early = try await driver.post("/api/booking/hold", asha, #"{"eventId":"demo-open","tickets":{"gold":1}}"#)
            #expect(early.status == .forbidden && String(buffer: early.body).contains("queue_pass_required"))

            for who in [asha, ravi] {
                let joined = try decode(Standing.self, try await driver.post("/api/queue/demo-open", who, "{}"))
                #expect(joined.status == "before_opening")
            }
            // The opening draws the order, then 10 a second are admitted.
            var standings: [Standing] = []
            for _ in 0..<300 {
                standings = []
                for who in [asha, ravi] { standings.append(try decode(Standing.self, try await driver.get("/api/queue/demo-open", who))) }
                if standings.allSatisfy({ $0.status == "admitted" }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(standings.map(\.status) == ["admitted", "admitted"])
            let (ashas, ravis) = (try #require(standings[0].pass), try #require(standings[1].pass))
            let mine = try await driver.post("/api/booking/hold", asha, #"{"eventId":"demo-open","tickets":{"gold":1},"pass":"\#(ashas)"}"#)
            #expect(mine.status == .ok, "\(String(buffer: mine.body))")
            let borrowed = try await driver.post("/api/booking/hold", asha, #"{"eventId":"demo-open","tickets":{"gold":1},"pass":"\#(ravis)"}"#)
            #expect(borrowed.status == .forbidden)
            // A show without a queue holds as before.
            #expect(try await driver.post("/api/booking/hold", asha, #"{"eventId":"demo-seated","seats":["A1"]}"#).status == .ok)
        }
    }

    /// The queue's room over `/ws`: a waiting customer's place less the admitted count the room announces is how
    /// many are ahead, as `GET` says, and both move as batches are admitted.
    @Test(.timeLimit(.minutes(2)))
    func waitingCustomersFollowTheirPlaceLiveInTheQueuesRoom() async throws {
        let owner = try await organizer()
        let customers = try await (1...30).asyncMapCustomers()
        try await withDemoServer(.live, seededAt: .now()) { client, _ in
            let driver = CheckoutDriver(client: client)
            let opensAt = Instant.now().adding(.seconds(10)).rawValue
            // 60 a minute: one a second, so the room has several batches to announce.
            let configured = try await driver.put("/api/organizer/events/demo-open/queue", owner, #"{"opensAt":\#(opensAt),"admitPerMinute":60}"#)
            try #require(configured.status == .ok, "\(String(buffer: configured.body))")
            try await withRoomSocket(port: try #require(client.port)) { socket in
                // In the room before anyone arrives, so the opening's frame is among what it hears.
                try await socket.send(#"{"type":"join-queue","eventId":"demo-open"}"#)
                #expect(try await socket.next().type == "queue-joined")
                try await withThrowingTaskGroup { group in
                    for who in customers { group.addTask { _ = try await driver.post("/api/queue/demo-open", who, "{}") } }
                    try await group.waitForAll()
                }
                var statuses: [QueueStatus] = []
                while statuses.last.map({ $0.admitted < 3 }) ?? true {
                    statuses.append(try JSONDecoder().decode(QueueStatus.self, from: Data(try await socket.nextText(within: .seconds(30)).utf8)))
                }
                // The opening first, then one admitted a second; on a loaded machine some may arrive after the
                // opening, so those in the queue (waiting and admitted) only grow, up to the thirty.
                #expect(statuses.first?.opened == true && statuses.first?.admitted == 0, "\(statuses)")
                #expect(zip(statuses, statuses.dropFirst()).allSatisfy { $1.admitted == $0.admitted + 1 && $1.waiting + $1.admitted >= $0.waiting + $0.admitted },
                        "each batch announced, in order: \(statuses)")
                #expect(statuses.allSatisfy { $0.waiting + $0.admitted <= 30 })
                // Someone still waiting: place less admitted is how many are ahead, as GET tells them.
                let last = try #require(statuses.last)
                for who in customers {
                    let standing = try decode(Standing.self, try await driver.get("/api/queue/demo-open", who))
                    guard standing.status == "waiting", let place = standing.place, let ahead = standing.ahead else { continue }
                    let admittedNow = place - 1 - ahead
                    #expect(admittedNow >= last.admitted, "the room told no more than was admitted")
                    break
                }
            }
        }
    }

    @Test func badSettingsNameTheirFieldAndOnlyTheOrganizerSetsThem() async throws {
        let owner = try await organizer()
        try await withDemoServer(seededAt: .now()) { client, _ in
            let driver = CheckoutDriver(client: client)
            let later = Instant.now().adding(.hours(1)).rawValue
            for (body, field) in [(#"{"opensAt":1000}"#, "opensAt"), (#"{"opensAt":\#(later),"passMinutes":0}"#, "passMinutes"),
                                  (#"{"opensAt":\#(later),"passMinutes":61}"#, "passMinutes"), (#"{}"#, "opensAt")] {
                let response = try await driver.put("/api/organizer/events/demo-open/queue", owner, body)
                #expect(response.status == .badRequest && String(buffer: response.body).contains(field), "\(body): \(String(buffer: response.body))")
            }
            let other = try await driver.put("/api/organizer/events/demo-open/queue", try await organizer("other"), #"{"opensAt":\#(later)}"#)
            #expect(other.status == .forbidden)
            #expect(try await driver.get("/api/queue/demo-open", try await customer("asha")).status == .notFound)
        }
    }
}

/// A registration behind a queue signs up only admitted customers, as holds do.
@Suite("API: a registration behind an on-sale queue")
struct QueuedRegistrationTests {
    @Test(.timeLimit(.minutes(1)))
    func aRegistrationBehindAQueueNeedsAPass() async throws {
        let owner = try await organizer()
        let asha = try await customer("asha")
        try await withDemoServer(seededAt: .now()) { client, _ in
            let driver = CheckoutDriver(client: client)
            let opensAt = Instant.now().adding(.seconds(3)).rawValue
            let configured = try await driver.put("/api/organizer/events/demo-registration/queue", owner, #"{"opensAt":\#(opensAt),"admitPerMinute":600}"#)
            try #require(configured.status == .ok, "\(String(buffer: configured.body))")
            let team = #"{"participants":[{"name":"Asha"},{"name":"Ravi"}]}"#
            let refused = try await driver.post("/api/event/demo-registration/register", asha, team)
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("queue_pass_required"))
            _ = try await driver.post("/api/queue/demo-registration", asha, "{}")
            var standing = try decode(Standing.self, try await driver.get("/api/queue/demo-registration", asha))
            for _ in 0..<300 where standing.status != "admitted" {
                try await Task.sleep(for: .milliseconds(100))
                standing = try decode(Standing.self, try await driver.get("/api/queue/demo-registration", asha))
            }
            let pass = try #require(standing.pass)
            let signedUp = try await driver.post("/api/event/demo-registration/register", asha,
                                                 #"{"participants":[{"name":"Asha"},{"name":"Ravi"}],"pass":"\#(pass)"}"#)
            #expect(signedUp.status == .ok, "\(String(buffer: signedUp.body))")
        }
    }
}
