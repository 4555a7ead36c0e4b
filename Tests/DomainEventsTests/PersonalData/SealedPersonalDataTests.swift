import Domain
@testable import DomainEvents
import EventStore
import Foundation
import Testing

/// Personal values go into the log sealed under their subject's key; destroying the key erases them and nothing
/// else.
@Suite("Personal data: sealed in the log, erased with its key")
struct SealedPersonalDataTests {
    let at = Instant(rawValue: 1_800_000_000_000)
    let asha = CustomerID("customer-asha")

    func payload<C: ProtobufEvents>(_: C.Type, _ event: C.Event) throws -> NewEvent {
        try #require(try EventEncoding.newEvents(C.self, [event]).first)
    }

    func decoded<C: ProtobufEvents>(_: C.Type, _ record: NewEvent) throws -> C.Event? {
        try EventEncoding.decodePayload(C.self, type: record.type, record.payload)
    }

    /// Every event that carries personal data, with the values that must not appear in its bytes.
    func personalEvents() -> [(String, [String], (PersonalKeyRing) throws -> (NewEvent, () throws -> Bool))] {
        let registered = Customer.Event.registered(CustomerRegistered(customer: asha, email: "asha.rao@example.com", name: "Asha Rao", at: at))
        let updated = Customer.Event.profileUpdated(CustomerProfileUpdated(customer: asha, name: "Asha Rao", phone: "+919812345678"))
        let linked = Customer.Event.googleLinked(GoogleAccountLinked(customer: asha, subject: "google-sub-4242", email: "asha.rao@example.com", at: at))
        let issued = OneTimePasscode.Event.issued(PasscodeIssued(codeHash: "ab", purpose: .customerSignUp, issuedAt: at, expiresAt: at,
                                                                 profile: PendingProfile(name: "Asha Rao", phone: "+919812345678", account: asha.rawValue)))
        let posted = ShowChat.Event.posted(ChatMessagePosted(number: 1, by: .customer(asha), name: "Asha Rao", text: "meet at gate seven", at: at))
        let held = Show.Event.itemsHeld(ItemsHeld(booking: BookingID("booking-1"), customer: asha, items: .tickets([CategoryID("entry"): 1]),
                                                  expiresAt: at, participants: [Participant(answers: ["name": "Asha Rao", "college": "Hill Valley"])]))
        func check<C: ProtobufEvents>(_: C.Type, _ event: C.Event) -> (PersonalKeyRing) throws -> (NewEvent, () throws -> Bool) where C.Event: Equatable {
            { _ in
                let record = try payload(C.self, event)
                return (record, { try decoded(C.self, record) == event })
            }
        }
        return [
            ("CustomerRegistered", ["asha.rao@example.com", "Asha Rao"], check(Customer.self, registered)),
            ("CustomerProfileUpdated", ["Asha Rao", "+919812345678"], check(Customer.self, updated)),
            ("GoogleAccountLinked", ["google-sub-4242", "asha.rao@example.com"], check(Customer.self, linked)),
            ("PasscodeIssued", ["Asha Rao", "+919812345678"], check(OneTimePasscode.self, issued)),
            ("ChatMessagePosted", ["Asha Rao", "meet at gate seven"], check(ShowChat.self, posted)),
            ("ItemsHeld", ["Asha Rao", "Hill Valley"], check(Show.self, held)),
        ]
    }

    @Test func noPersonalValueAppearsInAPayloadAndEachReadsBackWithItsKey() throws {
        let ring = PersonalKeyRing(store: MemoryKeyStore())
        try PersonalKeyRing.$override.withValue(ring) {
            for (type, values, make) in personalEvents() {
                let (record, readsBack) = try make(ring)
                for value in values {
                    #expect(record.payload.range(of: Data(value.utf8)) == nil, "\(type) holds \(value) in the clear")
                }
                #expect(try readsBack(), "\(type) reads back as written")
            }
        }
    }

    @Test func destroyingTheKeyErasesEveryPersonalValueAndNothingElse() throws {
        let ring = PersonalKeyRing(store: MemoryKeyStore())
        try PersonalKeyRing.$override.withValue(ring) {
            let registered = try payload(Customer.self, .registered(CustomerRegistered(customer: asha, email: "a@example.com", name: "Asha", at: at)))
            let held = try payload(Show.self, .itemsHeld(ItemsHeld(booking: BookingID("b-1"), customer: asha, items: .tickets([CategoryID("entry"): 2]),
                                                                   expiresAt: at, participants: [Participant(answers: ["name": "Asha", "team": "Red"]),
                                                                                                 Participant(answers: ["name": "Ravi", "team": "Red"])])))
            let someoneElse = try payload(ShowChat.self, .posted(ChatMessagePosted(number: 2, by: .customer(CustomerID("customer-ravi")), name: "Ravi",
                                                                                  text: "hello", at: at)))
            try ring.destroy(keyOf: asha.rawValue)

            let erased = PersonalData.erased
            #expect(try decoded(Customer.self, registered) == .registered(CustomerRegistered(customer: asha, email: erased, name: erased, at: at)))
            #expect(try decoded(Show.self, held) == .itemsHeld(ItemsHeld(
                booking: BookingID("b-1"), customer: asha, items: .tickets([CategoryID("entry"): 2]), expiresAt: at,
                participants: [Participant(answers: ["name": erased, "team": erased]), Participant(answers: ["name": erased, "team": erased])])))
            #expect(try decoded(ShowChat.self, someoneElse)
                == .posted(ChatMessagePosted(number: 2, by: .customer(CustomerID("customer-ravi")), name: "Ravi", text: "hello", at: at)))
        }
    }

    @Test func aKeyMadeAfterAnErasureDoesNotOpenWhatWasSealedBefore() throws {
        let ring = PersonalKeyRing(store: MemoryKeyStore())
        try PersonalKeyRing.$override.withValue(ring) {
            let before = try payload(Customer.self, .registered(CustomerRegistered(customer: asha, email: "a@example.com", name: "Asha", at: at)))
            try ring.destroy(keyOf: asha.rawValue)
            let after = try payload(Customer.self, .registered(CustomerRegistered(customer: asha, email: "a@example.com", name: "Asha again", at: at)))
            #expect(try decoded(Customer.self, before)
                == .registered(CustomerRegistered(customer: asha, email: PersonalData.erased, name: PersonalData.erased, at: at)))
            #expect(try decoded(Customer.self, after) == .registered(CustomerRegistered(customer: asha, email: "a@example.com", name: "Asha again", at: at)))
        }
    }

    @Test func aDamagedBoxIsAnErrorNotAnErasure() throws {
        let ring = PersonalKeyRing(store: MemoryKeyStore())
        try PersonalKeyRing.$override.withValue(ring) {
            var record = try payload(Customer.self, .registered(CustomerRegistered(customer: asha, email: "a@example.com", name: "Asha", at: at)))
            record.payload[record.payload.count - 12] ^= 0x01  // inside the box's ciphertext or tag
            #expect(throws: (any Error).self) { try decoded(Customer.self, record) }
        }
    }

    /// Events written before personal data was sealed (their payloads as the golden file held them then) still
    /// decode, with their values in the clear and no subject.
    @Test(arguments: [
        ("CustomerRegistered", "b10a0a637573746f6d65722d31121061736861406578616d706c652e636f6d1a04417368612080a0f1c2b134"),
        ("CustomerProfileUpdated", "b10a08417368612052616f120d2b393139383030303030303031"),
        ("GoogleAccountLinked", "b10a08676f6f676c652d31121061736861406578616d706c652e636f6d1880a0f1c2b134"),
        ("PasscodeIssued", "b10a046364333410011880a0f1c2b13420c0ef95c3b1342a150a0441736861120d2b393139383030303030303031"),
        ("ChatMessagePosted", "b10801120c1a0a637573746f6d65722d311a0441736861220b446f6f727320617420373f2880a0f1c2b134"),
        ("ItemsHeld", "b10a09626f6f6b696e672d32120a637573746f6d65722d321a0d120b0a090a05656e74727910022080a0f1c2b1342a2d0a1b0a0c0a046e616d651204417368610a0b0a05747261636b12026d6c0a0e0a0c0a046e616d65120452617669"),
    ])
    func payloadsWrittenBeforeSealingStillDecode(type: String, hex: String) throws {
        let bytes = Data(stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        })
        let at = Instant(rawValue: 1_800_000_000_000)
        switch type {
        case "CustomerRegistered":
            #expect(try EventEncoding.decodePayload(Customer.self, type: type, bytes)
                == .registered(CustomerRegistered(customer: CustomerID("customer-1"), email: "asha@example.com", name: "Asha", at: at)))
        case "CustomerProfileUpdated":
            #expect(try EventEncoding.decodePayload(Customer.self, type: type, bytes)
                == .profileUpdated(CustomerProfileUpdated(customer: nil, name: "Asha Rao", phone: "+919800000001")))
        case "GoogleAccountLinked":
            #expect(try EventEncoding.decodePayload(Customer.self, type: type, bytes)
                == .googleLinked(GoogleAccountLinked(customer: nil, subject: "google-1", email: "asha@example.com", at: at)))
        case "PasscodeIssued":
            guard case .issued(let issued)? = try EventEncoding.decodePayload(OneTimePasscode.self, type: type, bytes) else { Issue.record("not an issue"); return }
            #expect(issued.profile == PendingProfile(name: "Asha", phone: "+919800000001"))
        case "ChatMessagePosted":
            #expect(try EventEncoding.decodePayload(ShowChat.self, type: type, bytes)
                == .posted(ChatMessagePosted(number: 1, by: .customer(CustomerID("customer-1")), name: "Asha", text: "Doors at 7?", at: at)))
        default:
            guard case .itemsHeld(let held)? = try EventEncoding.decodePayload(Show.self, type: type, bytes) else { Issue.record("not a hold"); return }
            #expect(held.participants == [Participant(answers: ["name": "Asha", "track": "ml"]), Participant(answers: ["name": "Ravi"])])
        }
    }
}
