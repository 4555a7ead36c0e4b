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

/// Event ids are time-ordered (version 7): the indexes by event id take new ids at their right edge.
@Suite("Identifiers: time-ordered event ids")
struct TimeOrderedUUIDTests {
    @Test func theFirstSixBytesAreTheMillisecondsThenVersionSevenAndTheVariant() {
        let date = Date(timeIntervalSince1970: 1_800_000_000.123)
        let uuid = UUID.timeOrdered(at: date)
        let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_800_000_000_123)
        #expect(bytes[6] >> 4 == 7 && bytes[8] >> 6 == 0b10)
        #expect(uuid.lowercasedText.hasPrefix("01a3185c"), "\(uuid.lowercasedText)")
    }

    @Test func idsMadeLaterSortAfterAndIdsMadeTogetherDiffer() {
        let earlier = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_800_000_000))
        let later = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_800_000_000.002))
        #expect(earlier.lowercasedText < later.lowercasedText)
        let together = (0..<10_000).map { _ in EventID.random() }
        #expect(Set(together).count == together.count)
        #expect(together.allSatisfy { $0.description.dropFirst(14).first == "7" })
    }
}
