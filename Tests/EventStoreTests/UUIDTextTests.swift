import EventStore
import Foundation
import Testing

/// Ids are written as lowercase UUID text by hand: the same text Foundation formats, for any UUID.
@Suite("Identifiers: UUIDs as lowercase text")
struct UUIDTextTests {
    @Test func randomAndEdgeUUIDsReadAsFoundationWritesThem() {
        var uuids = (0..<2000).map { _ in UUID.random() } + (0..<200).map { _ in UUID() }
        uuids.append(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        uuids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        for uuid in uuids {
            #expect(uuid.lowercasedText == uuid.uuidString.lowercased())
        }
        #expect(EventID(uuids[0]).description == uuids[0].uuidString.lowercased())
    }
}
