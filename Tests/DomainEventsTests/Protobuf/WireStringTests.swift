@testable import DomainEvents
import Testing

/// Strings on the wire: ASCII is taken as it stands, anything else must be valid UTF-8 (as protobuf requires of a
/// `string` field), at every length around the eight-byte steps the ASCII check takes.
@Suite("Domain events: strings read from the wire format")
struct WireStringTests {
    private func field(_ bytes: [UInt8]) -> [UInt8] {
        var writer = WireWriter()
        writer.varint(UInt64(1 << 3 | 2))
        writer.varint(UInt64(bytes.count))
        return writer.bytes + bytes
    }

    private func read(_ bytes: [UInt8]) throws -> String {
        try field(bytes).withUnsafeBytes { raw in
            var reader = WireReader(raw)
            _ = try reader.field()
            return try reader.string()
        }
    }

    @Test func asciiAndOtherUTF8ReadAsThemselvesAtEveryLength() throws {
        for text in ["", "a", "INR", "booking-7f2a", String(repeating: "x", count: 8), String(repeating: "y", count: 17),
                     "naïve café 🎭", "12345678é", "1234567é", "ü" + String(repeating: "z", count: 20)] {
            #expect(try read(Array(text.utf8)) == text)
        }
    }

    @Test func bytesThatAreNotUTF8AreRefusedWhereverTheyStand() {
        let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80]]
        for prefix in 0..<12 {
            for sequence in bad {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: prefix) + sequence + [UInt8(ascii: "b")]
                #expect(throws: SchemaMismatch.self, "\(bytes)") { try read(bytes) }
            }
        }
    }
}
