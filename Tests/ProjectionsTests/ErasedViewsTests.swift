import Domain
import DomainEvents
import EventStore
import Foundation
import Projections
import Testing

/// The views that hold personal data (attendees, chat) erase a customer's as the erasure passes, exactly as their
/// sealed events read once the key is gone: followed or rebuilt, the rows are the same bytes, before and after the
/// address signs up again.
@Suite("Projections: an erasure in the views")
struct ErasedViewsTests {
    let asha = CustomerID("customer-asha"), ravi = CustomerID("customer-ravi")
    let show = ShowID("show-1")

    @Test func attendeesAndChatEraseWhatTheyHeldAndARebuildGivesTheSameRows() async throws {
        let stores = Stores()
        defer { stores.remove() }
        let log = try LMDBEventLog(.init(path: stores.logPath, durable: false))
        defer { log.close() }
        let ring = PersonalKeyRing(store: MemoryKeyStore())
        try await PersonalKeyRing.$override.withValue(ring) {
            func customer(_ events: [Customer.Event], _ id: CustomerID) async throws {
                _ = try await log.append(EventEncoding.newEvents(Customer.self, events), to: try Customer.stream(id), expecting: .any)
            }
            func chat(_ events: [ShowChat.Event]) async throws {
                _ = try await log.append(EventEncoding.newEvents(ShowChat.self, events), to: try ShowChat.stream(show), expecting: .any)
            }
            try await customer([.registered(CustomerRegistered(customer: asha, email: "asha@example.com", name: "Asha Rao", at: noon)),
                                .profileUpdated(CustomerProfileUpdated(customer: asha, name: "Asha Rao", phone: "+919800000001"))], asha)
            try await customer([.registered(CustomerRegistered(customer: ravi, email: "ravi@example.com", name: "Ravi", at: noon))], ravi)
            try await append([.itemsHeld(ItemsHeld(booking: BookingID("b-asha"), customer: asha, items: .tickets([CategoryID("entry"): 2]),
                                                   expiresAt: noon, participants: [Participant(answers: ["name": "Asha Rao", "college": "COEP"]),
                                                                                   Participant(answers: ["name": "Mira"])]))],
                             show: show.rawValue, to: log)
            try await chat([.posted(ChatMessagePosted(number: 1, by: .customer(asha), name: "Asha Rao", text: "Doors at 7?", at: noon)),
                            .posted(ChatMessagePosted(number: 2, by: .customer(ravi), name: "Ravi", text: "Yes", at: noon))])

            let live = try stores.store()
            let projections = [ShowAttendeesProjection.name, ShowChatProjection.name].compactMap(ProjectionCatalog.named)
            func follow() async throws {
                try await ProjectionRunner(ShowAttendeesProjection(), log: log, store: live).catchUp()
                try await ProjectionRunner(ShowChatProjection(), log: log, store: live).catchUp()
            }
            func expectRebuildEqualsLive(_ note: String) async throws {
                let rebuilt = try stores.store("rebuilt-\(UUID().uuidString)")
                try await ProjectionCatalog.rebuild(projections, log: log, store: rebuilt)
                for entry in projections {
                    let (mine, theirs) = (try live.rows(entry.name), try rebuilt.rows(entry.name))
                    #expect(mine.map(\.key) == theirs.map(\.key) && mine.map(\.value) == theirs.map(\.value), "\(note): \(entry.name)")
                }
            }
            try await follow()
            #expect(try ShowChatProjection.page(of: show, before: nil, limit: 10, from: live).lines.map(\.text) == ["Yes", "Doors at 7?"])

            // Asha is erased: her key goes, what this process decoded of her is forgotten, the erasure is recorded.
            try ring.destroy(keyOf: asha.rawValue)
            EventEncoding.forgetDecoded(of: asha.rawValue)
            try await customer([.erased(CustomerErased(customer: asha, by: .customer(asha), at: noon))], asha)
            try await follow()
            let erased = PersonalData.erased
            /// Asha's row: name, address, phone and registrations.
            func contact() throws -> [String] {
                guard case .person(let contact)? = try live.view(ShowAttendeesProjection.self, key: "\u{3}\(asha.rawValue)") else { return [] }
                return [contact.name, contact.email, contact.phone] + contact.registrations.map(\.rawValue)
            }
            #expect(try contact() == [erased, erased, erased, "b-asha"])
            guard case .owner(let owner)? = try live.view(ShowAttendeesProjection.self, key: "\u{2}b-asha") else { Issue.record("no owner row"); return }
            #expect(owner.participants == [Participant(answers: ["name": erased, "college": erased]), Participant(answers: ["name": erased])])
            let lines = try ShowChatProjection.page(of: show, before: nil, limit: 10, from: live).lines
            #expect(lines.map(\.text) == ["Yes", erased] && lines.map(\.name) == ["Ravi", erased])
            try await expectRebuildEqualsLive("after the erasure")

            // She signs up again: a new key, her new details; the old ones stay erased.
            try await customer([.registered(CustomerRegistered(customer: asha, email: "asha@example.com", name: "Asha again", at: noon))], asha)
            try await follow()
            #expect(try contact() == ["Asha again", "asha@example.com", "", "b-asha"])
            try await expectRebuildEqualsLive("after signing up again")
        }
    }
}
