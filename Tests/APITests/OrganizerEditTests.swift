import API
import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import Testing

private struct Details: Decodable { var title: String; var venue: String; var poster: String? }

/// A multipart/form-data body with one file field.
private func form(_ field: String, _ bytes: Data, boundary: String = "tktplz-test-boundary") -> (String, ByteBuffer) {
    var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"poster.png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
    body.append(bytes)
    body.append(Data("\r\n--\(boundary)--\r\n".utf8))
    return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(bytes: body))
}

private let onePixelPNG = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")!

@Suite("API: organizers edit their shows and payout details")
struct OrganizerEditTests {
    @Test func theOrganizerEditsDetailsAndUploadsAPosterThatIsServedBack() async throws {
        let owner = try await organizer()
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            #expect(try await driver.put("/api/organizer/events/demo-seated/details", owner, #"{"title":"Hamlet (revival)","venue":"Demo Hall, Pune"}"#).status == .ok)
            #expect(try await driver.put("/api/organizer/events/demo-seated/details", try await organizer("other"), #"{"title":"Mine now"}"#).status == .forbidden)
            let (type, body) = form("poster", onePixelPNG)
            let uploaded = try await client.execute(uri: "/api/organizer/events/demo-seated/poster", method: .post,
                                                    headers: [.contentType: type, .authorization: owner[.authorization]!], body: body) { $0 }
            #expect(uploaded.status == .ok, "\(String(buffer: uploaded.body))")
            let details = try decode(Details.self, try await driver.get("/api/event/demo-seated", [:]))
            #expect(details.title == "Hamlet (revival)" && details.venue == "Demo Hall, Pune")
            let poster = try #require(details.poster)
            let image = try await driver.get(poster, [:])
            #expect(image.status == .ok && image.headers[.contentType] == "image/png" && Data(buffer: image.body) == onePixelPNG)
            // Not an image, or not a form: refused, nothing stored.
            let (_, text) = form("poster", Data("not an image".utf8))
            let refused = try await client.execute(uri: "/api/organizer/events/demo-seated/poster", method: .post,
                                                   headers: [.contentType: type, .authorization: owner[.authorization]!], body: text) { $0 }
            #expect(refused.status == .unsupportedMediaType)
            #expect(try await driver.post("/api/organizer/events/demo-seated/poster", owner, "{}").status == .unsupportedMediaType)
        }
    }

    @Test func theBookingCutOffIsSetOnCreateAndEditedAndHoldsFollowIt() async throws {
        struct Closes: Decodable { var start: Int64; var bookingClosesAt: Int64 }
        struct Made: Decodable { var eventId: String }
        let owner = try await organizer()
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            // On create (a draft is not public yet: its stored configuration says).
            let start = demoSeedTime.rawValue + 30 * 86_400_000
            let draft = #"{"kind":"open","title":"Early close","start":\#(start),"end":\#(start + 3_600_000),"cutoff":{"minutesBeforeStart":45},"categories":[{"id":"ga","name":"GA","capacity":5,"price":0}]}"#
            let made = try await driver.post("/api/organizer/events", owner, draft)
            #expect(made.status == .ok, "\(String(buffer: made.body))")
            let id = try decode(Made.self, made).eventId
            let stored = try await CommandHandler<Show>(log: log).state(of: try Show.stream(ShowID(id))).configuration
            #expect(stored?.cutoff == .minutesBeforeStart(45))
            #expect(stored?.bookingClosesAt.rawValue == start - 45 * 60_000)
            let both = try await driver.post("/api/organizer/events", owner, draft.replacingOccurrences(of: #""minutesBeforeStart":45"#, with: #""minutesBeforeStart":45,"at":5"#))
            #expect(both.status == .badRequest && String(buffer: both.body).contains("field cutoff takes exactly one"))

            // On edit, on a show on sale: holds follow at once.
            let details = try decode(Closes.self, try await driver.get("/api/event/demo-seated", [:]))
            #expect(details.bookingClosesAt == details.start)
            #expect(try await driver.put("/api/organizer/events/demo-seated/cutoff", owner, #"{"minutesBeforeStart":90}"#).status == .ok)
            #expect(try decode(Closes.self, try await driver.get("/api/event/demo-seated", [:])).bookingClosesAt == details.start - 90 * 60_000)
            let closedNow = Instant.now().rawValue - 60_000
            #expect(try await driver.put("/api/organizer/events/demo-seated/cutoff", owner, #"{"at":\#(closedNow)}"#).status == .ok)
            let refused = try await driver.post("/api/booking/hold", try await customer("asha"), #"{"eventId":"demo-seated","seats":["A1"]}"#)
            #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("booking_closed"))
            #expect(try await driver.put("/api/organizer/events/demo-seated/cutoff", owner, #"{"untilSoldOut":true}"#).status == .ok)
            #expect(try decode(Closes.self, try await driver.get("/api/event/demo-seated", [:])).bookingClosesAt == details.start)

            // Refusals name the problem; only the show's organizer may move it.
            let after = try await driver.put("/api/organizer/events/demo-seated/cutoff", owner, #"{"at":\#(details.start + 1)}"#)
            #expect(after.status == .unprocessableContent && String(buffer: after.body).contains("the cut-off cannot be after the start"))
            let twice = try await driver.put("/api/organizer/events/demo-seated/cutoff", owner, #"{"minutesBeforeStart":1,"at":5}"#)
            #expect(twice.status == .badRequest && String(buffer: twice.body).contains("exactly one"))
            #expect(try await driver.put("/api/organizer/events/demo-seated/cutoff", owner, "{}").status == .badRequest)
            #expect(try await driver.put("/api/organizer/events/demo-seated/cutoff", try await organizer("other"), #"{"untilSoldOut":true}"#).status == .forbidden)
        }
    }

    @Test func reTimingAShowMovesItsScreenSlotAndAClashIsRefusedNamingTheOtherShow() async throws {
        let owner = try await organizer()
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let day = Int64(86_400_000)
            let start = demoSeedTime.rawValue + 7 * day + day
            let moved = try await driver.put("/api/organizer/events/demo-seated/schedule", owner, #"{"start":\#(start),"end":\#(start + 3 * 3_600_000)}"#)
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
            struct Times: Decodable { var start: Int64 }
            #expect(try decode(Times.self, try await driver.get("/api/event/demo-seated", [:])).start == start)
            // Tonight's show cannot move onto the same screen at the same time.
            let clash = try await driver.put("/api/organizer/events/demo-tonight/schedule", owner, #"{"start":\#(start + 3_600_000),"end":\#(start + 2 * 3_600_000)}"#)
            #expect(clash.status == .conflict)
            #expect(try decode(ErrorBody.self, clash).error.message.contains("demo-seated"))
            #expect(try await driver.put("/api/organizer/events/demo-seated/schedule", owner, #"{"start":5,"end":1}"#).status == .badRequest)
        }
    }

    @Test func theOrganizerRepricesSeatTypesAndCategoriesButCannotStrandHeldTickets() async throws {
        let owner = try await organizer()
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            struct Prices: Decodable {
                struct SeatType: Decodable { var type: String; var price: Money }
                struct Category: Decodable { var id: String; var capacity: Int; var price: Money }
                var seatTypes: [SeatType]?
                var categories: [Category]?
            }
            let repriced = try await driver.put("/api/organizer/events/demo-seated/prices", owner, #"{"seatPrices":{"regular":30000,"premium":70000}}"#)
            #expect(repriced.status == .ok, "\(String(buffer: repriced.body))")
            let seated = try decode(Prices.self, try await driver.get("/api/event/demo-seated", [:]))
            #expect(Dictionary(uniqueKeysWithValues: (seated.seatTypes ?? []).map { ($0.type, $0.price.minor) }) == ["regular": 30_000, "premium": 70_000])
            // A hold after the change is priced at the new price.
            let hold = try await driver.hold(try await customer("asha"), seats: ["A1"])
            #expect(hold.price.total.minor > 30_000)
            // Every seat type needs a price of 0 or more; the message names the field.
            let unpriced = try await driver.put("/api/organizer/events/demo-seated/prices", owner, #"{"seatPrices":{"regular":100}}"#)
            #expect(unpriced.status == .badRequest)
            #expect(try decode(ErrorBody.self, unpriced).error.message == "field seatPrices has no price for seat type premium")
            let negative = try await driver.put("/api/organizer/events/demo-seated/prices", owner, #"{"seatPrices":{"regular":-1,"premium":1}}"#)
            #expect(try decode(ErrorBody.self, negative).error.message == "field seatPrices.regular cannot be negative")

            // Three gold tickets are held: gold may not shrink below them, and nothing is appended when refused.
            let held = try await driver.post("/api/booking/hold", try await customer("ravi"), #"{"eventId":"demo-open","tickets":{"gold":3}}"#)
            #expect(held.status == .ok, "\(String(buffer: held.body))")
            let head = try await log.head()
            let stranding = try await driver.put("/api/organizer/events/demo-open/prices", owner,
                                                 #"{"categories":[{"id":"gold","name":"Gold","capacity":2,"price":150000},{"id":"silver","name":"Silver","capacity":500,"price":40000}]}"#)
            #expect(stranding.status == .unprocessableContent)
            #expect(try decode(ErrorBody.self, stranding).error.code == "would_strand_tickets")
            #expect(try await log.head() == head)
            let dropped = try await driver.put("/api/organizer/events/demo-open/prices", owner, #"{"categories":[{"id":"silver","name":"Silver","capacity":500,"price":40000}]}"#)
            #expect(dropped.status == .unprocessableContent)
            #expect(try decode(ErrorBody.self, dropped).error.message.contains("gold"))
            let cheaper = try await driver.put("/api/organizer/events/demo-open/prices", owner,
                                               #"{"categories":[{"id":"gold","name":"Gold","capacity":100,"price":120000},{"id":"silver","name":"Silver","capacity":600,"price":40000}]}"#)
            #expect(cheaper.status == .ok, "\(String(buffer: cheaper.body))")
            let open = try decode(Prices.self, try await driver.get("/api/event/demo-open", [:]))
            #expect(open.categories?.map { "\($0.id) \($0.capacity) \($0.price.minor)" } == ["gold 100 120000", "silver 600 40000"])
            #expect(try await driver.put("/api/organizer/events/demo-open/prices", owner, #"{"seatPrices":{"regular":1}}"#).status == .badRequest)
            #expect(try await driver.put("/api/organizer/events/demo-open/prices", try await organizer("other"), #"{"categories":[]}"#).status == .forbidden)
        }
    }

    /// Reference §9: "Anyone can overwrite an organizer's payout UPI" (organizerController.js, add-banking-details).
    @Test func holeAnyoneCanOverwriteAnOrganizersPayoutUPI() async throws {
        try await withDemoServer { client, log in
            let driver = CheckoutDriver(client: client)
            let stream = try Organizer.stream(DemoData.organizer)
            // The original took the organizer id from the body: here there is no such field, and the session decides.
            let attacker = try await organizer("attacker")
            let attempt = try await driver.put("/api/organizer/payout-details", attacker, #"{"upiId":"thief@bank","orgId":"\#(DemoData.organizer.rawValue)"}"#)
            #expect(attempt.status == .notFound)
            #expect(try await driver.put("/api/organizer/payout-details", try await customer("asha"), #"{"upiId":"thief@bank"}"#).status == .forbidden)
            #expect(try await CommandHandler<Organizer>(log: log).state(of: stream).payoutDetails == nil)
            // The organizer sets their own; bad details name the problem.
            let bad = try await driver.put("/api/organizer/payout-details", try await organizer(), #"{"upiId":"no-at-sign"}"#)
            #expect(bad.status == .badRequest)
            #expect(try decode(ErrorBody.self, bad).error.message.contains("UPI"))
            #expect(String(buffer: try await driver.get("/api/organizer/payout-details", try await organizer()).body) == #"{"saved":false}"#)
            #expect(try await driver.put("/api/organizer/payout-details", try await organizer(), #"{"upiId":"demo@okbank"}"#).status == .ok)
            #expect(try await CommandHandler<Organizer>(log: log).state(of: stream).payoutDetails == .upi(id: "demo@okbank"))
            // The organizer reads back which details are saved, never the whole of them; another organizer has none.
            let saved = String(buffer: try await driver.get("/api/organizer/payout-details", try await organizer()).body)
            #expect(saved.contains(#""saved":true"#) && saved.contains(#""method":"upi""#) && saved.contains(#""endingIn":"bank""#))
            #expect(!saved.contains("demo@okbank"))
            #expect(String(buffer: try await driver.get("/api/organizer/payout-details", attacker).body) == #"{"saved":false}"#)
        }
    }
}
