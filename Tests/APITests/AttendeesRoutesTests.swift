import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Registered: Decodable { var bookingId: String; var position: UInt64 }
private struct Attendees: Decodable {
    struct Attendee: Decodable {
        struct Ticket: Decodable { var ticketId: String; var admits: String }
        var bookingId: String
        var name: String
        var email: String
        var status: String
        var tickets: [Ticket]
        var checkedIn: Int
        var participants: [[String: String]]
    }
    var title: String
    var fields: [String]
    var attendees: [Attendee]
}

@Suite("API: a show's attendees for its organizer")
struct AttendeesRoutesTests {
    /// A customer account in the log, so that its name and address reach the organizer.
    private func account(_ id: String, name: String, in log: any EventLog) async throws -> HTTPFields {
        _ = try await CommandHandler<Customer>(log: log).handle(
            .register(CustomerID(id), email: "\(id)@example.com", name: name, now: .now()), on: try Customer.stream(CustomerID(id)))
        return try await customer(id)
    }

    @Test func theOrganizerReadsEachRegistrationsAnswersAsJSONAndAsCSVThatNoSpreadsheetRunsAsAFormula() async throws {
        try await withDemoServer { client, log async throws in
            let driver = CheckoutDriver(client: client)
            let asha = try await account("asha", name: "Asha Rao", in: log)
            let body = #"{"participants":[{"name":"Asha","college":"COEP, Pune"},{"name":"=HYPERLINK(\"http://x\")"}]}"#
            let response = try await driver.post("/api/event/demo-registration/register", asha, body)
            try #require(response.status == .ok, "\(String(buffer: response.body))")
            let registered = try decode(Registered.self, response)

            let owner = try await organizer()
            let list = try decode(Attendees.self, try await driver.get("/api/organizer/events/demo-registration/attendees?after=\(registered.position)", owner))
            #expect(list.title == "Hack Night" && list.fields == ["name", "college"])
            let attendee = try #require(list.attendees.first)
            #expect(list.attendees.count == 1)
            #expect(attendee.bookingId == registered.bookingId && attendee.name == "Asha Rao" && attendee.email == "asha@example.com")
            #expect(attendee.status == "confirmed" && attendee.tickets.count == 2 && attendee.checkedIn == 0)
            #expect(attendee.participants == [["name": "Asha", "college": "COEP, Pune"], ["name": "=HYPERLINK(\"http://x\")"]])

            let csv = try await driver.get("/api/organizer/events/demo-registration/attendees.csv", owner)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"attendees-demo-registration.csv\"")
            let lines = String(buffer: csv.body).components(separatedBy: "\r\n")
            #expect(lines.first == "booking,customer_id,customer_name,customer_email,customer_phone,status,confirmed_at,tickets,admits,checked_in,participant,name,college")
            #expect(lines.count == 4 && lines[3].isEmpty)
            #expect(lines[1].hasPrefix("\(registered.bookingId),asha,Asha Rao,asha@example.com,,confirmed,"))
            #expect(lines[1].hasSuffix(",1,Asha,\"COEP, Pune\""))
            // Quoted for the comma and the quotes, and defused with a leading apostrophe.
            #expect(lines[2].hasSuffix(",2,\"'=HYPERLINK(\"\"http://x\"\")\","))
        }
    }

    @Test func aSeatedShowListsConfirmedBookingsWithTheirSeatsAndCheckInsButNotHolds() async throws {
        try await withDemoServer { client, log async throws in
            let driver = CheckoutDriver(client: client)
            let ravi = try await account("ravi", name: "Ravi", in: log)
            let bought = try await driver.buy(ravi, seats: ["E9", "E10"])
            _ = try await driver.hold(try await customer("holder"), show: "demo-seated", seats: ["F1"])
            let owner = try await organizer()
            let list = try decode(Attendees.self, try await driver.get("/api/organizer/events/demo-seated/attendees?after=\(try await log.head().rawValue)", owner))
            #expect(list.fields.isEmpty)
            #expect(list.attendees.map(\.bookingId) == [bought.bookingId])
            #expect(Set(list.attendees.first?.tickets.map(\.admits) ?? []) == ["E9", "E10"])
            let csv = String(buffer: try await driver.get("/api/organizer/events/demo-seated/attendees.csv", owner).body)
            #expect(csv.components(separatedBy: "\r\n").first == "booking,customer_id,customer_name,customer_email,customer_phone,status,confirmed_at,tickets,admits,checked_in")
            #expect(csv.contains(",Ravi,ravi@example.com,,confirmed,"))
        }
    }

    @Test func onlyTheShowsOwnOrganizerReadsIt() async throws {
        try await withDemoServer { client, _ async throws in
            let driver = CheckoutDriver(client: client)
            for path in ["/api/organizer/events/demo-seated/attendees", "/api/organizer/events/demo-seated/attendees.csv"] {
                #expect(try await driver.get(path, try await organizer("other")).status == .forbidden)
                #expect(try await driver.get(path, try await customer("asha")).status == .forbidden)
                #expect(try await driver.get(path, [:]).status == .unauthorized)
            }
            #expect(try await driver.get("/api/organizer/events/no-such-show/attendees", try await organizer()).status == .notFound)
        }
    }
}
