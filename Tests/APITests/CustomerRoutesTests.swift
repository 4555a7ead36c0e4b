import API
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Held: Decodable {
    var bookingId: String
    var position: UInt64
}

private struct Released: Decodable {
    var position: UInt64?
}

private struct MyBookings: Decodable {
    struct Booking: Decodable {
        struct Items: Decodable { var seats: [String]? }
        var bookingId: String
        var eventId: String
        var status: String
        var items: Items
        var expiresAt: Int64?
    }
    var bookings: [Booking]
}

@Suite("API: a customer's own holds and bookings")
struct CustomerRoutesTests {
    private func hold(_ seats: String, as headers: HTTPFields, _ client: any TestClientProtocol) async throws -> Held {
        try await client.execute(uri: "/api/booking/hold", method: .post, headers: headers,
                                 body: ByteBuffer(string: #"{"eventId":"demo-seated","seats":[\#(seats)]}"#)) { response async throws in
            try decode(Held.self, response)
        }
    }

    @Test func aCustomerSeesTheirHoldWithItsExpiryAndNothingOfAnybodyElses() async throws {
        let asha = try await customer("asha")
        let ravi = try await customer("ravi")
        try await withDemoServer { client, _ in
            let mine = try await hold(#""A1","A2""#, as: asha, client)
            let theirs = try await hold(#""B1""#, as: ravi, client)
            try await client.execute(uri: "/api/user/bookings?after=\(theirs.position)", method: .get, headers: asha) { response async throws in
                #expect(response.status == .ok)
                let list = try decode(MyBookings.self, response)
                #expect(list.bookings.map(\.bookingId) == [mine.bookingId])
                #expect(list.bookings.first?.status == "held")
                #expect(list.bookings.first?.items.seats == ["A1", "A2"])
                #expect(list.bookings.first?.expiresAt != nil)
            }
            try await client.execute(uri: "/api/user/bookings/\(mine.bookingId)?after=\(theirs.position)", method: .get, headers: asha) { response async throws in
                #expect(response.status == .ok)
            }
            // Somebody else's booking is as invisible as one that does not exist.
            try await client.execute(uri: "/api/user/bookings/\(theirs.bookingId)", method: .get, headers: asha) { response async throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aReleasedHoldIsListedAsReleasedAndTheFilterFindsIt() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            let held = try await hold(#""C1""#, as: asha, client)
            let position = try await client.execute(
                uri: "/api/booking/release", method: .post, headers: asha,
                body: ByteBuffer(string: #"{"eventId":"demo-seated","bookingId":"\#(held.bookingId)"}"#)
            ) { response async throws in try decode(Released.self, response).position }
            let after = try #require(position)
            try await client.execute(uri: "/api/user/bookings?status=released&after=\(after)", method: .get, headers: asha) { response async throws in
                #expect(try decode(MyBookings.self, response).bookings.map(\.bookingId) == [held.bookingId])
            }
            try await client.execute(uri: "/api/user/bookings?status=held&after=\(after)", method: .get, headers: asha) { response async throws in
                #expect(try decode(MyBookings.self, response).bookings.isEmpty)
            }
        }
    }

    @Test func theListNeedsACustomerSessionAndAKnownStatus() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ in
            try await client.execute(uri: "/api/user/bookings", method: .get) { response async throws in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/user/bookings?status=paid", method: .get, headers: asha) { response async throws in
                #expect(response.status == .badRequest)
                #expect(try decode(ErrorBody.self, response).error.message.hasPrefix("status must be one of"))
            }
        }
    }
}
