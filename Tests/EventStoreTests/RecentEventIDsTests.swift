@testable import EventStore
import Foundation
import Testing

@Suite("EventStore: the window of recent event ids")
struct RecentEventIDsTests {
    @Test func theMostRecentHalfOfTheCapacityIsAlwaysRemembered() {
        let window = RecentEventIDs(capacity: 1000)
        let ids = (0..<5000).map { _ in UUID.random() }
        for (index, id) in ids.enumerated() {
            window.remember(id, at: UInt64(index + 1))
            // After every insert, the last 500 ids are all still there, at their own positions.
            if index % 250 == 0 || index == ids.count - 1 {
                for back in 0..<min(500, index + 1) {
                    #expect(window.candidatePosition(of: ids[index - back]) == UInt64(index - back + 1))
                }
            }
        }
    }

    @Test func idsOlderThanTheWindowAreForgotten() {
        let window = RecentEventIDs(capacity: 100)
        let ids = (0..<1000).map { _ in UUID.random() }
        for (index, id) in ids.enumerated() { window.remember(id, at: UInt64(index + 1)) }
        #expect(ids.prefix(800).allSatisfy { window.candidatePosition(of: $0) == nil })
        #expect(window.candidatePosition(of: UUID.random()) == nil)
    }

    @Test func removeAllForgetsEverything() {
        let window = RecentEventIDs(capacity: 100)
        let id = UUID.random()
        window.remember(id, at: 7)
        window.removeAll()
        #expect(window.candidatePosition(of: id) == nil)
    }

    @Test func randomIDsAreVersion4AndDistinct() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.uuidString.dropFirst(14).first == "4" })
        #expect(ids.allSatisfy { "89AB".contains($0.uuidString.dropFirst(19).first!) })
    }
}
