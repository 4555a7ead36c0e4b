import API
import App
import Crypto
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

private struct Registered: Decodable {
    var webhookId: String
    var position: UInt64
    var topics: [String]
    var from: UInt64
    var secret: String
}

private struct Listed: Decodable {
    struct Item: Decodable { var webhookId: String; var url: String; var topics: [String]; var secret: String; var deliveredThrough: UInt64 }
    var webhooks: [Item]
}

private struct Outcomes: Decodable {
    struct Attempt: Decodable { var position: UInt64; var outcome: String }
    var attempts: [Attempt]
}

/// An organizer's webhook endpoints over HTTP: registered with a secret, listed, replayed and removed; others'
/// are invisible. (Deliveries themselves come with the dispatcher.)
@Suite("API: organizers' webhook endpoints")
struct WebhookRoutesTests {
    @Test func anOrganizerRegistersListsReplaysAndRemovesAnEndpoint() async throws {
        let owner = try await organizer()
        let other = try await organizer("other")
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let made = try await driver.post("/api/organizer/webhooks", owner, #"{"url":"https://hooks.example.com/tktplz","topics":["sold","checked_in","sold"]}"#)
            #expect(made.status == .ok, "\(String(buffer: made.body))")
            let webhook = try decode(Registered.self, made)
            #expect(webhook.topics == ["checked_in", "sold"] && webhook.from > 0 && webhook.secret.count == 43)

            let listed = try decode(Listed.self, try await driver.get("/api/organizer/webhooks?after=\(webhook.position)", owner)).webhooks
            #expect(listed.map(\.webhookId) == [webhook.webhookId] && listed.first?.secret == webhook.secret)
            #expect(listed.first?.deliveredThrough == webhook.from)
            #expect(try decode(Listed.self, try await driver.get("/api/organizer/webhooks", other)).webhooks.isEmpty)

            let path = "/api/organizer/webhooks/\(webhook.webhookId)"
            #expect(try await driver.post("\(path)/replay", owner, #"{"from":0}"#).status == .ok)
            #expect(try decode(Outcomes.self, try await driver.get("\(path)/deliveries", owner)).attempts.map(\.outcome) == ["replay"])
            #expect(try await driver.get("\(path)/deliveries", other).status == .notFound)
            #expect(try await driver.post("\(path)/replay", other, #"{"from":0}"#).status == .notFound)

            struct Changed: Decodable { var position: UInt64 }
            let remove = { (headers: HTTPFields) in
                try await client.execute(uri: path, method: .delete, headers: headers, body: nil) { ($0.status, try? JSONDecoder().decode(Changed.self, from: Data(String(buffer: $0.body).utf8))) }
            }
            #expect(try await remove(other).0 == .notFound)
            let removed = try await remove(owner)
            #expect(removed.0 == .ok)
            #expect(try await remove(owner).0 == .notFound)
            let after = try #require(removed.1?.position)
            #expect(try decode(Listed.self, try await driver.get("/api/organizer/webhooks?after=\(after)", owner)).webhooks.isEmpty)
        }
    }

    @Test func badRegistrationsNameTheirField() async throws {
        let owner = try await organizer()
        try await withDemoServer { client, _ in
            let driver = CheckoutDriver(client: client)
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"url":"http://hooks.example.com","topics":["sold"]}"#, .unprocessableContent, "field url: the address must start with https://"),
                (#"{"url":"https://","topics":["sold"]}"#, .unprocessableContent, "field url: the address has no host"),
                (#"{"url":"https://hooks.example.com","topics":["bought"]}"#, .badRequest, "field topics: bought is not one of sold, refunded"),
                (#"{"url":"https://hooks.example.com","topics":[]}"#, .badRequest, "field topics must name at least one"),
                (#"{"topics":["sold"]}"#, .badRequest, "url"),
            ]
            for (body, status, mention) in cases {
                let answer = try await driver.post("/api/organizer/webhooks", owner, body)
                let message = try decode(ErrorBody.self, answer).error.message
                #expect(answer.status == status && message.contains(mention), "\(body) → \(answer.status) \(message)")
            }
        }
    }

    @Test func aDeliverysSignatureIsAnHMACOfItsTimeAndBodyUnderTheEndpointsSecret() throws {
        let signing = WebhookSigning(key: SymmetricKey(data: Data("a server key of thirty-two bytes!".utf8)))
        let id = WebhookID("webhook-1")
        let body = Data(#"{"topic":"sold"}"#.utf8)
        let header = signing.signature(of: body, to: id, at: Date(timeIntervalSince1970: 1_800_000_000))
        // What a receiver does, from the header, the body and the secret alone.
        let expected = HMAC<SHA256>.authenticationCode(for: Data("1800000000.".utf8) + body, using: SymmetricKey(data: Data(signing.secret(of: id).utf8)))
        #expect(header == "t=1800000000,v1=" + expected.map { String(format: "%02x", $0) }.joined())
        // Another endpoint, another secret; another server key, other secrets.
        #expect(signing.secret(of: WebhookID("webhook-2")) != signing.secret(of: id))
        #expect(WebhookSigning(key: SymmetricKey(data: Data("another server key of 32 bytes!!".utf8))).secret(of: id) != signing.secret(of: id))
    }
}
