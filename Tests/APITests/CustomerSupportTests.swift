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

private struct Profile: Decodable { var name: String?; var phone: String?; var likes: [String] }
private struct Raised: Decodable { var issueId: String; var image: String? }
private struct Issues: Decodable {
    struct Item: Decodable { var issueId: String; var subject: String; var image: String?; var resolution: String? }
    var issues: [Item]
}

/// The smallest PNG: a 1×1 transparent pixel.
private let onePixelPNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

@Suite("API: a customer's profile, likes and support issues")
struct CustomerSupportTests {
    @Test func aCustomerEditsTheirProfileAndLikesAShowOnce() async throws {
        let asha = try await customer("asha")
        try await withDemoServer { client, log in
            _ = try await CommandHandler<Customer>(log: log).handle(
                .register(CustomerID("asha"), email: "asha@example.com", name: "Asha", now: .now()), on: try Customer.stream(CustomerID("asha")))
            let driver = CheckoutDriver(client: client)
            let edited = try decode(Profile.self, try await driver.put("/api/user/profile", asha, #"{"name":"Asha K","phone":"+919800000000"}"#))
            #expect(edited.name == "Asha K" && edited.phone == "+919800000000")
            let badPhone = try await driver.put("/api/user/profile", asha, #"{"name":"Asha","phone":"call me"}"#)
            #expect(badPhone.status == .badRequest)
            #expect(try decode(ErrorBody.self, badPhone).error.message.contains("field phone"))
            #expect(try decode(Profile.self, try await driver.post("/api/user/likes/demo-seated", asha, "")).likes == ["demo-seated"])
            let head = try await log.head()
            // Liking again, and unliking what was never liked, change nothing (the original's counter drifted).
            #expect(try decode(Profile.self, try await driver.post("/api/user/likes/demo-seated", asha, "")).likes == ["demo-seated"])
            #expect(try decode(Profile.self, try await client.execute(uri: "/api/user/likes/demo-open", method: .delete, headers: asha) { $0 }).likes == ["demo-seated"])
            #expect(try await log.head() == head)
            #expect(try await driver.post("/api/user/likes/no-such-show", asha, "").status == .notFound)
        }
    }

    @Test func anIssueWithAnImageIsStoredByContentListedForAdminsAndResolved() async throws {
        let asha = try await customer("asha")
        try await withDemoServerStores(firstAdmin: "root@example.com") { client, _, _ in
            let driver = CheckoutDriver(client: client)
            let raised = try decode(Raised.self, try await driver.post("/api/user/issues", asha,
                                                                      #"{"subject":"QR will not scan","description":"at gate 2","image":"\#(onePixelPNG)"}"#))
            let image = try #require(raised.image)
            #expect(image.hasSuffix(".png"))
            let served = try await driver.get(image, [:])
            #expect(served.status == .ok && served.headers[.contentType] == "image/png")
            #expect(served.headers[.cacheControl]?.contains("immutable") == true)
            // The type comes from the bytes: text called an image is refused.
            let fake = try await driver.post("/api/user/issues", asha, #"{"subject":"x","description":"y","image":"\#(Data("hello".utf8).base64EncodedString())"}"#)
            #expect(fake.status == .unsupportedMediaType)

            let admin = try await enrolFirstAdmin("root@example.com", driver)
            var open: [Issues.Item] = []
            for _ in 0..<100 where open.isEmpty {
                open = try decode(Issues.self, try await driver.get("/api/admin/issues", admin)).issues
                if open.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(open.map(\.issueId) == [raised.issueId])
            #expect(try await driver.post("/api/admin/issues/\(raised.issueId)/resolve", admin, #"{"note":"reprinted the ticket"}"#).status == .ok)
            var resolved: [Issues.Item] = []
            for _ in 0..<100 where resolved.isEmpty {
                resolved = try decode(Issues.self, try await driver.get("/api/admin/issues?status=resolved", admin)).issues
                if resolved.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(resolved.first?.resolution == "reprinted the ticket")
        }
    }
}
