import Domain
@testable import DomainEvents
import EventStore
import Foundation
import Synchronization
import Testing

/// The storage contract, byte for byte: every sample event encodes to the payload committed in
/// `golden-payloads.txt` (its stored type and the payload in hex, format byte included) and that payload decodes to
/// the event. A change to a `.proto` or to a mapping that changes what is stored fails here.
@Suite("Protobuf payloads: golden bytes")
struct ProtobufGoldenTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("golden-payloads.txt")

    /// Each sample's line: stored type, space, payload hex; and a check that the committed line reads back as it.
    struct Sample {
        var line: String
        var decodes: (Data) throws -> Bool
        var domainType: String
    }

    static func samples<C: ProtobufEvents>(_: C.Type, _ events: [C.Event]) throws -> [Sample] where C.Event: Equatable {
        try events.map { event in
            let stored = try #require(try EventEncoding.newEvents(C.self, [event]).first)
            return Sample(line: "\(stored.type) \(stored.payload.map { String(format: "%02x", $0) }.joined())",
                          decodes: { payload in try EventEncoding.decodePayload(C.self, type: stored.type, payload) == event },
                          domainType: C.encode(event).type)
        }
    }

    /// The ring golden payloads are sealed with: fixed keys for the samples' subjects and counted nonces, so the
    /// sealed boxes are the same bytes each run (a server's keys and nonces are random).
    static func ring() throws -> PersonalKeyRing {
        let store = MemoryKeyStore()
        for (index, subject) in ["customer-1", "customer-2", "organizer-1"].enumerated() {
            _ = try store.create(PersonalKey(id: Array(repeating: UInt8(index + 1), count: 16), material: Array(repeating: UInt8(index + 0x41), count: 32)), for: subject)
        }
        let counter = Mutex<UInt8>(0)
        return PersonalKeyRing(store: store, nonces: { Array(repeating: 0, count: 11) + [counter.withLock { $0 += 1; return $0 }] })
    }

    static func all() throws -> [Sample] {
        try PersonalKeyRing.$override.withValue(try ring()) { try unsealed() }
    }

    private static func unsealed() throws -> [Sample] {
        try samples(Show.self, SampleEvents.show) + samples(Booking.self, SampleEvents.booking) + samples(Payout.self, SampleEvents.payout)
            + samples(Hall.self, SampleEvents.hall) + samples(Screen.self, SampleEvents.screen) + samples(Customer.self, SampleEvents.customer)
            + samples(Organizer.self, SampleEvents.organizer) + samples(AdminInvite.self, SampleEvents.adminInvite)
            + samples(OneTimePasscode.self, SampleEvents.passcode) + samples(Session.self, SampleEvents.session)
            + samples(SupportIssue.self, SampleEvents.supportIssue) + samples(ShowChat.self, SampleEvents.chat) + samples(Webhook.self, SampleEvents.webhook)
            + samples(WaitingList.self, SampleEvents.waitingList) + samples(SaleQueue.self, SampleEvents.saleQueue)
            + samples(HoldExpiryTimer.self, SampleEvents.holdTimer)
            + samples(ShowEndTimer.self, SampleEvents.showEndTimer) + samples(PaymentCheckTimer.self, SampleEvents.paymentCheckTimer)
            + samples(QueueTickTimer.self, SampleEvents.queueTickTimer)
    }

    @Test func everySampleEncodesToItsCommittedBytesAndTheBytesDecodeToIt() throws {
        let samples = try Self.all()
        let committed = try String(contentsOf: Self.file, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(committed.count == samples.count)
        for (sample, line) in zip(samples, committed) {
            #expect(sample.line == line)
            let hex = try #require(line.split(separator: " ").last)
            let bytes = Data(stride(from: 0, to: hex.count, by: 2).map { offset in
                let start = hex.index(hex.startIndex, offsetBy: offset)
                return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
            })
            #expect(try PersonalKeyRing.$override.withValue(try Self.ring()) { try sample.decodes(bytes) }, "\(line) decodes to its sample")
        }
    }

    @Test func everyStoredTypeIsSampledUnderTheNameTheDomainGivesIt() throws {
        let samples = try Self.all()
        for sample in samples {
            // The message's name is the stored type the domain declares: renaming either orphans recorded events.
            #expect(sample.line.hasPrefix(sample.domainType + " "))
        }
        // 69 aggregate events and the timers: every type the domain stores (`StoredEvent` in Sources/Domain).
        #expect(Set(samples.map(\.domainType)).count == 82)
    }

    /// Remakes `golden-payloads.txt` (only on purpose, after a deliberate change to the contract:
    /// `TKTPLZ_WRITE_GOLDEN=1 swift test --filter ProtobufGoldenTests`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TKTPLZ_WRITE_GOLDEN"] == "1"))
    func writeTheGoldenFile() throws {
        try (Self.all().map(\.line).joined(separator: "\n") + "\n").write(to: Self.file, atomically: true, encoding: .utf8)
    }
}
