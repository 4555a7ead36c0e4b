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
}
