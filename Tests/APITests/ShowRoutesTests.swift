import API
import App
import Domain
import DomainEvents
import HTTPTypes
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Listings: Decodable {
    struct Item: Decodable {
        struct Amount: Decodable { var minor: Int64 }
        var eventId: String
        var kind: String
        var title: String
        var priceFrom: Amount?
        var capacity: Int
        var available: Int?
    }
    var events: [Item]
    var page: Int
    var limit: Int
    var total: Int
}

private struct Details: Decodable {
    struct Seat: Decodable { var id: String; var type: String }
    struct SeatType: Decodable {
        struct Amount: Decodable { var minor: Int64 }
        var type: String
        var price: Amount
        var feePerTicket: Amount
    }
    struct Category: Decodable { var id: String; var capacity: Int }
    struct Registration: Decodable { var teams: Bool; var minParticipants: Int; var maxParticipants: Int }
    var eventId: String
    var kind: String
    var title: String
    var seats: [Seat]?
    var seatTypes: [SeatType]?
    var categories: [Category]?
    var registration: Registration?
    var accessLink: String?
}

@Suite("API: listing, searching and reading shows")
struct ShowRoutesTests {
    @Test func showDetailsCountLikesAndTellTheSignedInCustomerWhetherTheyLikeIt() async throws {
        struct Liked: Decodable { var likes: Int; var likedByMe: Bool? }
        struct Health: Decodable { var logHead: UInt64 }
        let (asha, ravi) = (try await customer("asha"), try await customer("ravi"))
        try await withDemoServer { client, log in
            for id in ["asha", "ravi"] {
                _ = try await CommandHandler<Customer>(log: log).handle(
                    .register(CustomerID(id), email: "\(id)@example.com", name: id, now: .now()), on: try Customer.stream(CustomerID(id)))
            }
            let driver = CheckoutDriver(client: client)
            func details(_ headers: HTTPFields) async throws -> Liked {
                let head = try decode(Health.self, try await driver.get("/health", [:])).logHead
                return try decode(Liked.self, try await driver.get("/api/event/demo-seated?after=\(head)", headers))
            }
            #expect(try await details([:]).likes == 0)
            for headers in [asha, ravi, asha] { #expect(try await driver.post("/api/user/likes/demo-seated", headers, "").status == .ok) }
            let seenByAsha = try await details(asha)
            #expect(seenByAsha.likes == 2 && seenByAsha.likedByMe == true)
            let anonymous = try await details([:])
            #expect(anonymous.likes == 2 && anonymous.likedByMe == nil)
            #expect(try await details(try await organizer()).likedByMe == nil)
            #expect(try await client.execute(uri: "/api/user/likes/demo-seated", method: .delete, headers: ravi) { $0.status } == .ok)
            let seenByRavi = try await details(ravi)
            #expect(seenByRavi.likes == 1 && seenByRavi.likedByMe == false)
            // A stale session does not break the public page: it is answered as for anyone.
            let stale = try await details([.authorization: "Bearer not-a-token"])
            #expect(stale.likes == 1 && stale.likedByMe == nil)
        }
    }

    private func listings(_ query: String, _ client: any TestClientProtocol, log: LMDBEventLog) async throws -> Listings {
        let head = try await log.head().rawValue
        return try await client.execute(uri: "/api/event?after=\(head)&\(query)", method: .get) { response async throws in
            #expect(response.status == .ok)
            return try decode(Listings.self, response)
        }
    }

    @Test func everyPublicShowIsListedSoonestFirstWithWhatIsLeft() async throws {
        try await withDemoServer { client, log async throws in
            let all = try await listings("", client, log: log)
            // Tonight's show starts an hour after seeding, the others a week after.
            #expect(all.events.map(\.eventId) == ["demo-tonight", "demo-online", "demo-open", "demo-registration", "demo-seated"])
            #expect(all.total == 5)
            let seated = try #require(all.events.last)
            #expect(seated.capacity == 99)
            #expect(seated.available == 99)
            #expect(seated.priceFrom?.minor == 25_000)
        }
    }

    @Test func searchingFiltersByKindSubTypeCityTextAndDate() async throws {
        try await withDemoServer { client, log async throws in
            #expect(try await listings("kind=open", client, log: log).events.map(\.eventId) == ["demo-open"])
            #expect(try await listings("subType=Hackathon", client, log: log).events.map(\.eventId) == ["demo-registration"])
            #expect(try await listings("city=pune", client, log: log).events.map(\.eventId) == ["demo-tonight", "demo-registration", "demo-seated"])
            #expect(try await listings("q=swift%20server", client, log: log).events.map(\.eventId) == ["demo-online"])
            #expect(try await listings("q=nothing-like-this", client, log: log).total == 0)
            // The demo shows run a week after their seeding instant (1,800,000,000,000 ms).
            #expect(try await listings("to=1800000000000", client, log: log).total == 0)
            #expect(try await listings("from=2027-01-20&to=2027-01-25", client, log: log).total == 4)
        }
    }

    @Test func aSeatedShowsDetailsCarryItsScreensRowsGapsAndBlockedSeats() async throws {
        struct Plan: Decodable {
            struct Row: Decodable {
                struct Place: Decodable { var seat: String?; var type: String?; var blocked: Bool?; var gap: Bool? }
                var label: String
                var places: [Place]
            }
            var rows: [Row]
        }
        struct Details: Decodable { var plan: Plan? }
        try await withDemoServer { client, _ async throws in
            let plan = try await client.execute(uri: "/api/event/demo-seated", method: .get) { response async throws in
                try #require(try decode(Details.self, response).plan)
            }
            #expect(plan.rows.map(\.label) == "ABCDEFGHIJ".map(String.init))
            let a = try #require(plan.rows.first)
            #expect(a.places.map { $0.gap == true ? "|" : $0.seat ?? "?" } == ["A1", "A2", "A3", "A4", "A5", "|", "A6", "A7", "A8", "A9", "A10"])
            #expect(plan.rows.last?.places.last?.seat == "J10" && plan.rows.last?.places.last?.blocked == true)
            #expect(plan.rows.last?.places.first?.type == "premium")
            try await client.execute(uri: "/api/event/demo-open", method: .get) { response async throws in
                #expect(try decode(Details.self, response).plan == nil)
            }
        }
    }

    @Test func pagesSplitTheResults() async throws {
        try await withDemoServer { client, log async throws in
            let second = try await listings("limit=3&page=2", client, log: log)
            #expect(second.events.map(\.eventId) == ["demo-registration", "demo-seated"])
            #expect(second.total == 5)
            #expect(try await listings("limit=3&page=3", client, log: log).events.isEmpty)
        }
    }

    @Test(arguments: [
        ("kind=circus", "kind must be one of seating, open, registration, online"),
        ("limit=0", "limit must be a whole number from 1 to 100"),
        ("limit=101", "limit must be a whole number from 1 to 100"),
        ("page=-1", "page must be a whole number from 1 to 100000"),
        ("from=yesterday", "from must be a date (2026-12-31), an ISO 8601 time or milliseconds since 1970"),
        ("from=2027-02-01&to=2027-01-01", "to is before from"),
    ])
    func badQueriesAreRefusedNamingTheParameter(query: String, message: String) async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/event?\(query)", method: .get) { response async throws in
                #expect(response.status == .badRequest)
                let body = try decode(ErrorBody.self, response)
                #expect(body.error.code == "invalid_query")
                #expect(body.error.message == message)
            }
        }
    }

    @Test func aSeatedShowsDetailsListEverySeatWithItsTypeAndEachTypesPriceAndFee() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/event/demo-seated", method: .get) { response async throws in
                #expect(response.status == .ok)
                let details = try decode(Details.self, response)
                #expect(details.title == "Hamlet")
                #expect(details.seats?.count == 99)
                #expect(details.seats?.first.map { [$0.id, $0.type] } == ["A1", "regular"])
                #expect(details.seatTypes?.map(\.type) == ["premium", "regular"])
                #expect(details.seatTypes?.map(\.price.minor) == [60_000, 25_000])
                #expect(details.seatTypes?.last?.feePerTicket.minor == 3_000)
            }
        }
    }

    @Test func registrationAndOnlineDetailsShowTheFormButNeverTheAccessLink() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/event/demo-registration", method: .get) { response async throws in
                let details = try decode(Details.self, response)
                #expect(details.registration.map { [$0.minParticipants, $0.maxParticipants] } == [2, 4])
                #expect(details.registration?.teams == true)
            }
            try await client.execute(uri: "/api/event/demo-online", method: .get) { response async throws in
                #expect(response.status == .ok)
                #expect(try decode(Details.self, response).accessLink == nil)
                #expect(!String(buffer: response.body).contains("meet.demo"))
            }
        }
    }

    @Test func anUnknownShowIs404() async throws {
        try await withDemoServer { client, _ in
            for uri in ["/api/event/no-such-show", "/api/event/Bad%20Id!"] {
                try await client.execute(uri: uri, method: .get) { response async throws in
                    #expect(response.status == .notFound)
                    #expect(try decode(ErrorBody.self, response).error.code == "not_found")
                }
            }
        }
    }
}
