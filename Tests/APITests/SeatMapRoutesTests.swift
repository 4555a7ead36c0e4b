import API
import Domain
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Projections
import Testing

private struct SeatMap: Decodable {
    struct Seat: Decodable { var id: String; var status: String }
    struct Category: Decodable { var id: String; var capacity: Int; var available: Int }
    var eventId: String
    var status: String
    var seats: [Seat]
    var categories: [Category]
}

@Suite("API: seat map routes")
struct SeatMapRoutesTests {
    @Test func theSeededSeatedShowHasNinetyNineFreeSeatsInReadingOrder() async throws {
        try await withDemoServer { client, log in
            let head = try await log.head().rawValue
            try await client.execute(uri: "/api/event/demo-seated/seats?after=\(head)", method: .get) { response in
                #expect(response.status == .ok)
                let map = try decode(SeatMap.self, response)
                #expect(map.status == "approved")
                #expect(map.seats.count == 99)
                #expect(map.seats.allSatisfy { $0.status == "free" })
                #expect(Array(map.seats.prefix(3).map(\.id)) == ["A1", "A2", "A3"])
                #expect(map.seats[9].id == "A10")
                #expect(!map.seats.contains { $0.id == "J10" })
            }
        }
    }

    @Test func anOpenShowListsItsCategories() async throws {
        try await withDemoServer { client, log in
            let head = try await log.head().rawValue
            try await client.execute(uri: "/api/event/demo-open/seats?after=\(head)", method: .get) { response in
                let map = try decode(SeatMap.self, response)
                #expect(map.categories.map(\.id) == ["gold", "silver"])
                #expect(map.categories.map(\.available) == [100, 500])
            }
        }
    }

    @Test func anUnknownShowIsA404WithACodeAndAMessageNamingIt() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/event/no-such-show/seats", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try decode(ErrorBody.self, response)
                #expect(body.error.code == "not_found")
                #expect(body.error.message == "event no-such-show does not exist")
            }
        }
    }

    @Test func aMalformedPositionIsA400NamingTheParameter() async throws {
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/event/demo-seated/seats?after=soon", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try decode(ErrorBody.self, response)
                #expect(body.error.code == "invalid_query")
                #expect(body.error.message.hasPrefix("after"))
            }
        }
    }
}

@Suite("API: seat map reads never hang")
struct SeatMapWaitTests {
    @Test func aPositionBeyondTheLogsHeadIsA400() async throws {
        try await withDemoServer { client, log in
            let beyond = try await log.head().rawValue + 1000
            try await client.execute(uri: "/api/event/demo-seated/seats?after=\(beyond)", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("beyond the log's head"))
            }
        }
    }
}
