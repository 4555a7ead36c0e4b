import API
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Registered: Decodable {
    struct Ticket: Decodable { var id: String; var admits: String }
    var bookingId: String
    var status: String
    var tickets: [Ticket]?
    var position: UInt64
}

@Suite("API: registering for a free Registration show")
struct RegistrationRoutesTests {
    private func register(_ body: String, show: String = "demo-registration", as headers: HTTPFields,
                          _ client: any TestClientProtocol) async throws -> TestResponse {
        try await client.execute(uri: "/api/event/\(show)/register", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func aTeamThatFillsTheFormIsConfirmedAtOnceWithATicketEach() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ async throws in
            let response = try await register(#"{"participants":[{"name":"Asha"},{"name":"Ravi","college":"COEP"}]}"#, as: asha, client)
            #expect(response.status == .ok)
            let registered = try decode(Registered.self, response)
            #expect(registered.status == "confirmed")
            #expect(registered.tickets?.count == 2)
            #expect(Set(registered.tickets?.map(\.id) ?? []).count == 2)
            try await client.execute(uri: "/api/user/bookings/\(registered.bookingId)?after=\(registered.position)", method: .get,
                                     headers: asha) { response async throws in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"confirmed""#))
            }
            try await client.execute(uri: "/api/event/demo-registration/seats?after=\(registered.position)", method: .get) { response async throws in
                #expect(String(buffer: response.body).contains(#""available":118"#))
            }
        }
    }

    @Test(arguments: [
        (#"{"participants":[{"name":"Asha"}]}"#, 422, "a team has 2 to 4 participants, not 1"),
        (#"{"participants":[{"name":"Asha"},{"college":"COEP"}]}"#, 422, "participant 2 has no answer for the required field name"),
        (#"{"participants":[{"name":"Asha"},{"name":"Ravi","shoe":"9"}]}"#, 422, "the form has no field shoe"),
        (#"{"participants":[]}"#, 400, "field participants must name at least one participant"),
        (#"{"participants":"everyone"}"#, 400, "participants"),
    ])
    func aFormThatBreaksTheRulesIsRefusedAndNothingIsHeld(body: String, status: Int, problem: String) async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log async throws in
            let head = try await log.head()
            let response = try await register(body, as: asha, client)
            #expect(response.status.code == status)
            let error = try decode(ErrorBody.self, response).error
            #expect(error.code == (status == 422 ? "invalid_registration" : "invalid_body"))
            #expect(error.message.contains(problem))
            // A refused registration may leave its expiry timer, but no event.
            #expect(try await log.head() == head)
        }
    }

    /// The original let one customer drain a 120-place event with 30 requests.
    @Test func repeatedRegistrationByOneCustomerIsRefusedAndAppendsNothing() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log async throws in
            let team = #"{"participants":[{"name":"Asha"},{"name":"Ravi"}]}"#
            #expect(try await register(team, as: asha, client).status == .ok)
            let head = try await log.head()
            for _ in 0..<30 {
                let again = try await register(team, as: asha, client)
                #expect(again.status == .conflict)
                #expect(try decode(ErrorBody.self, again).error.code == "already_registered")
            }
            #expect(try await log.head() == head)
            // Somebody else still can.
            #expect(try await register(team, as: try await customer("ravi"), client).status == .ok)
        }
    }

    @Test func anOverlongAnswerIsRefusedNamingTheFieldAndNothingIsHeld() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log async throws in
            let head = try await log.head()
            let long = String(repeating: "a", count: 1_001)
            let response = try await register(#"{"participants":[{"name":"Asha"},{"name":"\#(long)"}]}"#, as: asha, client)
            #expect(response.status == .unprocessableContent)
            #expect(try decode(ErrorBody.self, response).error.message.contains("participant 2's answer for field name is longer than 1000 characters"))
            #expect(try await log.head() == head)
        }
    }

    @Test func registeringNeedsACustomerAndARegistrationShow() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, _ async throws in
            #expect(try await register(#"{"participants":[{"name":"A"},{"name":"B"}]}"#, as: [.contentType: "application/json"], client)
                .status == .unauthorized)
            #expect(try await register(#"{"participants":[{"name":"A"},{"name":"B"}]}"#, show: "demo-open", as: asha, client)
                .status == .notFound)
        }
    }
}
