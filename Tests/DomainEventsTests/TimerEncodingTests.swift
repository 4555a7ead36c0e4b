import CompactCoding
import Domain
@testable import DomainEvents
import EventStore
import Foundation
import Testing

/// Timers are stored like the aggregates' events: protobuf payloads under their stored type, read back by their
/// codec. Logs from before wrote them compact, and before that as JSON by hand; those still read.
@Suite struct TimerEncodingTests {
    let hold = HoldExpiryDue(show: ShowID("s1"), booking: BookingID("booking-1"), expiresAt: Instant(millisecondsSince1970: 1_900_000_000_000))

    @Test func aScheduledHoldTimerIsProtobufInItsOwnStreamAndDecodesBack() throws {
        let scheduled = try hold.scheduled()
        #expect(scheduled.stream.rawValue == "holdtimer-booking-1")
        #expect(scheduled.event.type == "HoldExpiryDue")
        #expect(ProtobufFormat.isProtobuf(scheduled.event.payload))
        #expect(scheduled.due == Date(timeIntervalSince1970: 1_900_000_000))
        #expect(try EventEncoding.decodePayload(HoldExpiryTimer.self, type: scheduled.event.type, scheduled.event.payload) == hold)
    }

    @Test func theSameTimerScheduledTwiceHasTheSameIdsAndAMovedOneKeepsItsScheduleID() throws {
        let again = try hold.scheduled()
        let first = try hold.scheduled()
        #expect(first.id == again.id && first.event.id == again.event.id)
        let moved = try HoldExpiryDue(show: hold.show, booking: hold.booking, expiresAt: hold.expiresAt.adding(.seconds(60))).scheduled()
        #expect(moved.id == first.id)
        #expect(moved.event.id != first.event.id)
    }

    @Test func timersWrittenAsJSONByEarlierVersionsStillDecode() throws {
        // The exact shape the earlier versions wrote with JSONEncoder.
        let hold = Data(#"{"show":"s1","booking":"booking-1","expiresAt":1900000000000}"#.utf8)
        #expect(try EventEncoding.decodePayload(HoldExpiryTimer.self, type: "HoldExpiryDue", hold) == self.hold)
        let end = Data(#"{"show":"s1","endsAt":1900000000000}"#.utf8)
        #expect(try EventEncoding.decodePayload(ShowEndTimer.self, type: "ShowEndDue", end)
            == ShowEndDue(show: ShowID("s1"), endsAt: Instant(millisecondsSince1970: 1_900_000_000_000)))
        let check = Data(#"{"booking":"booking-1","attempt":2}"#.utf8)
        #expect(try EventEncoding.decodePayload(PaymentCheckTimer.self, type: "PaymentCheckDue", check)
            == PaymentCheckDue(booking: BookingID("booking-1"), attempt: 2))
    }

    @Test func aPaymentCheckFallsDueItsDelayAfterNowAndTheLastHasNoNext() throws {
        let now = Instant(millisecondsSince1970: 1_900_000_000_000)
        let first = try PaymentCheckDue(booking: BookingID("b"), attempt: 0).scheduled(after: now)
        #expect(first.due == Date(timeIntervalSince1970: 1_900_000_060))
        #expect(first.stream.rawValue == "paymentcheck-b")
        #expect(PaymentCheckDue(booking: BookingID("b"), attempt: PaymentCheckDue.delays.count - 1).next == nil)
    }

    @Test func timersWrittenCompactByEarlierVersionsStillDecode() throws {
        let compact = Data(try CompactEncoder().encode(hold))
        #expect(CompactFormat.isCompact(compact))
        #expect(try EventEncoding.decodePayload(HoldExpiryTimer.self, type: "HoldExpiryDue", compact) == hold)
    }

    @Test func aTypeNotTheTimersIsNotDecodedAsOne() throws {
        #expect(try EventEncoding.decodePayload(HoldExpiryTimer.self, type: "SomethingElse", Data("{}".utf8)) == nil)
    }
}
