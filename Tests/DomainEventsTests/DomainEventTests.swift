import Domain
@testable import DomainEvents
import EventStore
import Foundation
import Testing

/// A record's domain event, decoded once for every fold that reads it: each category's records come back as their
/// own case, with or without the cache, and records outside the domain's categories are no domain event.
@Suite("Domain events: one typed event per record")
struct DomainEventTests {
    private func records<C: ProtobufEvents>(_: C.Type, _ events: [C.Event]) throws -> [RecordedEvent] {
        try EventEncoding.newEvents(C.self, events).enumerated().map { index, new in
            RecordedEvent(position: GlobalPosition(UInt64(index + 1)), stream: try StreamName(category: C.category, id: "x1"),
                          streamVersion: StreamVersion(UInt64(index)), type: new.type, recordedAt: Date(), id: .random(),
                          correlationID: nil, causationID: nil, payload: new.payload, hash: .genesis)
        }
    }

    private func check<C: ProtobufEvents>(_: C.Type, _ events: [C.Event], _ unwrap: (DomainEvent) -> C.Event?) throws where C.Event: Equatable {
        for (record, event) in zip(try records(C.self, events), events) {
            // Fresh ids: neither answer comes from the cache the encoding filled.
            #expect(try DomainEvent.decoded(record).flatMap(unwrap) == event, "\(record.type) without the cache")
            #expect(try DomainEvent.of(record).flatMap(unwrap) == event, "\(record.type) through the cache")
        }
    }

    @Test func everyCategorysRecordsAreTheirOwnCase() throws {
        try check(Show.self, SampleEvents.show) { if case .show(let e) = $0 { e } else { nil } }
        try check(Booking.self, SampleEvents.booking) { if case .booking(let e) = $0 { e } else { nil } }
        try check(Payout.self, SampleEvents.payout) { if case .payout(let e) = $0 { e } else { nil } }
        try check(Hall.self, SampleEvents.hall) { if case .hall(let e) = $0 { e } else { nil } }
        try check(Screen.self, SampleEvents.screen) { if case .screen(let e) = $0 { e } else { nil } }
        try check(Customer.self, SampleEvents.customer) { if case .customer(let e) = $0 { e } else { nil } }
        try check(Organizer.self, SampleEvents.organizer) { if case .organizer(let e) = $0 { e } else { nil } }
        try check(AdminInvite.self, SampleEvents.adminInvite) { if case .adminInvite(let e) = $0 { e } else { nil } }
        try check(OneTimePasscode.self, SampleEvents.passcode) { if case .passcode(let e) = $0 { e } else { nil } }
        try check(Session.self, SampleEvents.session) { if case .session(let e) = $0 { e } else { nil } }
        try check(SupportIssue.self, SampleEvents.supportIssue) { if case .supportIssue(let e) = $0 { e } else { nil } }
        try check(HoldExpiryTimer.self, SampleEvents.holdTimer) { if case .holdExpiryTimer(let e) = $0 { e } else { nil } }
        try check(ShowEndTimer.self, SampleEvents.showEndTimer) { if case .showEndTimer(let e) = $0 { e } else { nil } }
        try check(PaymentCheckTimer.self, SampleEvents.paymentCheckTimer) { if case .paymentCheckTimer(let e) = $0 { e } else { nil } }
    }

    @Test func everyCodecOfTheDomainHasACase() {
        #expect(DomainEventDecoder.categories.sorted() == DomainCodecs.all.map { $0.category }.sorted())
    }

    @Test func aRecordOutsideTheDomainIsNoDomainEvent() throws {
        let note = try record(.random(), type: "Noted", json: "\"hello\"")
        #expect(try DomainEvent.decoded(note) == nil)
        #expect(try DomainEvent.of(note) == nil)
    }

    @Test func aPayloadThatDoesNotDecodeIsAnErrorNamingItsType() throws {
        var broken = try #require(try records(Booking.self, [SampleEvents.booking[0]]).first)
        broken.payload = Data([0xB1, 0xFF])
        #expect(throws: EncodingFailure.self) { try DomainEvent.decoded(broken) }
    }
}
