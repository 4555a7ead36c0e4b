import Domain
@testable import DomainEvents
import EventSchema
import EventStore
import Foundation
import SwiftProtobuf
import Testing

/// A codec of plain strings: the smallest thing `EventEncoding` can carry.
enum Notes: ProtobufEvents {
    static let category = "note"
    static func encode(_ event: String) -> StoredEvent { StoredEvent("Noted", event) }
    static func decode(type: String, from decoder: any Swift.Decoder) throws -> String? {
        type == "Noted" ? try decoder.singleValueContainer().decode(String.self) : nil
    }
    // Borrows a schema message: these tests read JSON payloads only.
    static func message(_ event: String) -> ProtobufMessage { ProtobufMessage(PBShowRejected.with { $0.reason = event }) }
    static func event(type: String, _ payload: ProtobufPayload) throws -> String? {
        type == "Noted" ? try payload.parse(PBShowRejected.self).reason : nil
    }
}

/// Another codec, to show answers are kept apart per codec.
enum Counts: ProtobufEvents {
    static let category = "count"
    static func encode(_ event: Int) -> StoredEvent { StoredEvent("Counted", event) }
    static func decode(type: String, from decoder: any Swift.Decoder) throws -> Int? {
        type == "Counted" ? try decoder.singleValueContainer().decode(Int.self) : nil
    }
    static func message(_ event: Int) -> ProtobufMessage { ProtobufMessage(PBPasscodeAttemptFailed.with { $0.attemptsLeft = Int64(event) }) }
    static func event(type: String, _ payload: ProtobufPayload) throws -> Int? {
        type == "Counted" ? Int(try payload.parse(PBPasscodeAttemptFailed.self).attemptsLeft) : nil
    }
}

func record(_ id: EventID, type: String, json: String) throws -> RecordedEvent {
    RecordedEvent(
        position: GlobalPosition(1), stream: try StreamName(category: "note", id: "n1"), streamVersion: StreamVersion(0),
        type: type, recordedAt: Date(), id: id, correlationID: nil, causationID: nil, payload: Data(json.utf8),
        hash: .genesis)
}

@Suite("Domain events: each record decoded once")
struct DecodedEventsTests {
    @Test func aRecordReadAgainIsAnsweredWithoutDecodingItsPayloadAgain() throws {
        let id = EventID.random()
        #expect(try EventEncoding.decode(Notes.self, record(id, type: "Noted", json: "\"first\"")) == "first")
        // Ids are unique, so a second record with the same id never exists; here it proves the payload is not read.
        #expect(try EventEncoding.decode(Notes.self, record(id, type: "Noted", json: "\"second\"")) == "first")
    }

    @Test func eachCodecKeepsItsOwnAnswerForTheSameRecord() throws {
        let id = EventID.random()
        let noted = try record(id, type: "Noted", json: "\"hello\"")
        #expect(try EventEncoding.decode(Notes.self, noted) == "hello")
        // A codec that does not know the type answers nil, and that nil is not the other codec's answer.
        #expect(try EventEncoding.decode(Counts.self, noted) == nil)
        #expect(try EventEncoding.decode(Notes.self, noted) == "hello")
    }

    @Test func anUndecodablePayloadIsReportedEveryTimeAndNeverRemembered() throws {
        let bad = try record(EventID.random(), type: "Noted", json: "{not json")
        #expect(throws: EncodingFailure.self) { try EventEncoding.decode(Notes.self, bad) }
        #expect(throws: EncodingFailure.self) { try EventEncoding.decode(Notes.self, bad) }
    }

    @Test func theOldestAnswersAreForgottenFirst() {
        let events = DecodedEvents(capacity: 2)
        let (a, b, c) = (EventID.random(), EventID.random(), EventID.random())
        events.remember("a", id: a, codec: Notes.self)
        events.remember("b", id: b, codec: Notes.self)
        events.remember("c", id: c, codec: Notes.self)
        #expect(events.event(a, codec: Notes.self) == nil)
        #expect(events.event(b, codec: Notes.self) == .some("b"))
        #expect(events.event(c, codec: Notes.self) == .some("c"))
    }

    @Test func aRememberedNilIsAnAnswerNotAMiss() {
        let events = DecodedEvents(capacity: 4)
        let id = EventID.random()
        events.remember(nil, id: id, codec: Counts.self)
        #expect(events.event(id, codec: Counts.self) == .some(nil))
        #expect(events.event(id, codec: Notes.self) == nil)
    }

    /// An erasure forgets the remembered events that hold the erased customer's personal data, and only those.
    @Test func anErasureForgetsTheEventsHoldingThatSubjectsDataAndNoOthers() {
        let events = DecodedEvents(capacity: 8)
        let (asha, ashaAgain, ravi, plain) = (EventID.random(), EventID.random(), EventID.random(), EventID.random())
        events.remember("asha signed up", id: asha, codec: Notes.self, subject: "customer-asha")
        events.remember("asha wrote", id: ashaAgain, codec: Notes.self, subject: "customer-asha")
        events.remember("ravi signed up", id: ravi, codec: Notes.self, subject: "customer-ravi")
        events.remember("a show was approved", id: plain, codec: Notes.self)
        events.forget("customer-asha")
        #expect(events.event(asha, codec: Notes.self) == nil && events.event(ashaAgain, codec: Notes.self) == nil)
        #expect(events.event(ravi, codec: Notes.self) == .some("ravi signed up"))
        #expect(events.event(plain, codec: Notes.self) == .some("a show was approved"))
    }

    /// Which events hold whose personal data: what the writer and the decoder tell the cache.
    @Test func theCodecsNameWhosePersonalDataAnEventHolds() {
        let at = Instant(millisecondsSince1970: 1)
        let asha = CustomerID("customer-asha")
        #expect(Customer.personalSubject(of: .registered(CustomerRegistered(customer: asha, email: "a@example.com", name: "A", at: at))) == asha.rawValue)
        #expect(Customer.personalSubject(of: .liked(ShowLiked(show: ShowID("s")))) == nil)
        #expect(ShowChat.personalSubject(of: .posted(ChatMessagePosted(number: 1, by: .organizer(OrganizerID("o")), name: "O", text: "t", at: at))) == "o")
        #expect(Show.personalSubject(of: .itemsHeld(ItemsHeld(booking: BookingID("b"), customer: asha, items: .seats([SeatID("A1")]), expiresAt: at))) == nil)
        #expect(Show.personalSubject(of: .itemsHeld(ItemsHeld(booking: BookingID("b"), customer: asha, items: .tickets([CategoryID("c"): 1]), expiresAt: at,
                                                              participants: [Participant(answers: ["name": "A"])]))) == asha.rawValue)
        #expect(OneTimePasscode.personalSubject(of: .issued(PasscodeIssued(codeHash: "h", purpose: .customerSignUp, issuedAt: at, expiresAt: at,
                                                                           profile: PendingProfile(name: "A", account: asha.rawValue)))) == asha.rawValue)
    }
}
