import Domain
import DomainEvents
import EventStore
import Foundation
import Projections
import Testing

@Suite("Projections: webhook endpoints")
struct WebhooksProjectionTests {
    @Test func eachOrganizersEndpointsWithHowFarDeliveryGotAndTheLastAttempt() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        func append(_ events: [Webhook.Event], _ id: String) async throws {
            _ = try await log.append(EventEncoding.newEvents(Webhook.self, events), to: try Webhook.stream(WebhookID(id)), expecting: .any)
        }
        let (o1, o2) = (OrganizerID("organizer-1"), OrganizerID("organizer-2"))
        try await append([.registered(WebhookRegistered(organizer: o1, url: "https://a.example/h", topics: [.sold, .refunded], from: 7, at: noon))], "w1")
        try await append([.registered(WebhookRegistered(organizer: o2, url: "https://b.example/h", topics: [.showEnded], from: 8, at: noon))], "w2")
        try await append([.registered(WebhookRegistered(organizer: o1, url: "https://c.example/h", topics: [.sold], from: 9, at: noon))], "w3")
        let retry = noon.adding(.minutes(1))
        try await append([.attemptFailed(WebhookAttemptFailed(position: 12, attempt: 1, status: 503, reason: "unavailable", retryAt: retry, at: noon))], "w1")
        try await append([.delivered(WebhookDelivered(position: 12, status: 204, attempts: 2, at: noon)),
                          .attemptFailed(WebhookAttemptFailed(position: 15, attempt: 1, status: nil, reason: "refused", retryAt: retry, at: noon))], "w1")
        try await append([.removed(WebhookRemoved(at: noon))], "w3")
        let store = try stores.store()
        try await ProjectionRunner(WebhooksProjection(), log: log, store: store).catchUp()

        let mine = try WebhooksProjection.webhooks(of: o1, from: store)
        #expect(mine.map(\.id.rawValue) == ["w1", "w3"])
        let w1 = try #require(mine.first)
        #expect(w1.topics == [.refunded, .sold] && w1.deliveredThrough == 12 && w1.failures == 1)
        #expect(w1.lastStatus == nil && w1.lastError == "refused" && w1.retryAt == retry)
        #expect(mine.last?.removed == true)
        #expect(try WebhooksProjection.active(from: store).map(\.id.rawValue).sorted() == ["w1", "w2"])
        // The same views whether followed or rebuilt.
        let rebuilt = try stores.store("rebuilt")
        try await ProjectionCatalog.rebuild([try #require(ProjectionCatalog.named(WebhooksProjection.name))], log: log, store: rebuilt)
        #expect(try WebhooksProjection.webhooks(of: o1, from: rebuilt) == mine)
    }
}
