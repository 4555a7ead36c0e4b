import Domain
import Testing

@Suite("Webhook: an organizer's endpoint and its deliveries")
struct WebhookTests {
    static let url = "https://hooks.example.com/tktplz"
    let registered: [Webhook.Event] = [.registered(WebhookRegistered(organizer: .o1, url: url, topics: [.sold, .refunded], from: 40, at: noon))]

    @Test func anEndpointIsRegisteredForItsTopicsFromThePositionOfTheLog() throws {
        let events = try given(Webhook.self, []).when(.register(organizer: .o1, url: Self.url, topics: [.sold, .refunded], from: 40, now: noon))
        #expect(events == registered)
        // The same registration again (a retried request) changes nothing; another on the same id is refused.
        #expect(try given(Webhook.self, registered).when(.register(organizer: .o1, url: Self.url, topics: [.sold, .refunded], from: 41, now: noon)).isEmpty)
        #expect(throws: Webhook.Rejection.alreadyRegistered) {
            try given(Webhook.self, registered).when(.register(organizer: .o2, url: Self.url, topics: [.sold], from: 41, now: noon))
        }
    }

    @Test func anAddressMustBeHTTPSWithAHostAndATopicIsNeeded() {
        for (url, problem) in [("http://hooks.example.com", "the address must start with https://"), ("https://", "the address has no host"),
                               ("https://a.example/ x", "the address contains a space or a control character"),
                               ("https://" + String(repeating: "a", count: 2050), "the address is longer than 2,048 characters")] {
            #expect(throws: Webhook.Rejection.invalidURL(problem)) {
                try given(Webhook.self, []).when(.register(organizer: .o1, url: url, topics: [.sold], from: 0, now: noon))
            }
        }
        #expect(throws: Webhook.Rejection.noTopics) {
            try given(Webhook.self, []).when(.register(organizer: .o1, url: Self.url, topics: [], from: 0, now: noon))
        }
    }

    @Test func deliveriesAreRecordedInOrderAndFailuresCountTheirAttempts() throws {
        let failed = try given(Webhook.self, registered)
            .when(.recordFailure(position: 42, status: 503, reason: "unavailable", retryAt: noon.adding(.minutes(1)), now: noon))
        #expect(failed == [.attemptFailed(WebhookAttemptFailed(position: 42, attempt: 1, status: 503, reason: "unavailable",
                                                              retryAt: noon.adding(.minutes(1)), at: noon))])
        let delivered = try given(Webhook.self, registered + failed).when(.recordDelivery(position: 42, status: 200, now: noon))
        #expect(delivered == [.delivered(WebhookDelivered(position: 42, status: 200, attempts: 2, at: noon))])
        // Once 42 is delivered, an outcome for it or anything before it is not the next one's (another node's, late).
        #expect(throws: Webhook.Rejection.notNext(position: 42, deliveredThrough: 42)) {
            try given(Webhook.self, registered + failed + delivered).when(.recordDelivery(position: 42, status: 200, now: noon))
        }
        #expect(throws: Webhook.Rejection.notNext(position: 40, deliveredThrough: 40)) {
            try given(Webhook.self, registered).when(.recordDelivery(position: 40, status: 200, now: noon))
        }
    }

    @Test func aReplayStartsDeliveringAgainFromAPositionAndOnlyTheOrganizerAsks() throws {
        let delivered: [Webhook.Event] = registered + [.delivered(WebhookDelivered(position: 90, status: 204, attempts: 1, at: noon))]
        let replay = try given(Webhook.self, delivered).when(.replay(from: 10, by: .o1, now: noon))
        #expect(replay == [.replayRequested(WebhookReplayRequested(from: 10, at: noon))])
        #expect(Webhook.fold(delivered + replay).deliveredThrough == 10)
        #expect(throws: Webhook.Rejection.notTheOrganizer) { try given(Webhook.self, delivered).when(.replay(from: 10, by: .o2, now: noon)) }
        #expect(throws: Webhook.Rejection.noSuchWebhook) { try given(Webhook.self, []).when(.replay(from: 10, by: .o1, now: noon)) }
    }

    @Test func aRemovedEndpointTakesNoMoreDeliveries() throws {
        let removed = try given(Webhook.self, registered).when(.remove(by: .o1, now: noon))
        #expect(removed == [.removed(WebhookRemoved(at: noon))])
        #expect(try given(Webhook.self, registered + removed).when(.remove(by: .o1, now: noon)).isEmpty)
        #expect(throws: Webhook.Rejection.removed) {
            try given(Webhook.self, registered + removed).when(.recordDelivery(position: 41, status: 200, now: noon))
        }
        #expect(throws: Webhook.Rejection.removed) { try given(Webhook.self, registered + removed).when(.replay(from: 0, by: .o1, now: noon)) }
    }

    @Test func topicsAreTheSalesReturnsEndsCheckInsAndPayoutsOfAShow() {
        #expect(WebhookTopic.of(Show.Event.itemsSold(ItemsSold(booking: .b1, customer: .c1, items: .seats([.a1]), late: false))) == .sold)
        #expect(WebhookTopic.of(Show.Event.itemsReturned(ItemsReturned(booking: .b1, items: .seats([.a1])))) == .refunded)
        #expect(WebhookTopic.of(Show.Event.ended(ShowEnded(at: noon))) == .showEnded)
        #expect(WebhookTopic.of(Show.Event.holdExpired(HoldExpired(booking: .b1))) == nil)
        #expect(WebhookTopic.allCases.map(\.rawValue) == ["sold", "refunded", "checked_in", "show_ended", "payout_paid"])
    }
}
