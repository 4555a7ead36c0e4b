@testable import Projections
import Testing

/// Rebuilt views are sorted in LMDB's key order by `memcmp`: the same order as comparing the bytes one by one.
@Suite("Projections: view keys in LMDB's order")
struct KeyOrderTests {
    @Test func aShorterKeyComesBeforeALongerOneItBegins() {
        #expect(KeyOrder.precedes([], [0]))
        #expect(KeyOrder.precedes([1, 2], [1, 2, 0]))
        #expect(!KeyOrder.precedes([1, 2, 0], [1, 2]))
        #expect(!KeyOrder.precedes([1, 2], [1, 2]))
        #expect(!KeyOrder.precedes([], []))
    }

    @Test func bytesCompareUnsigned() {
        #expect(KeyOrder.precedes([0x7F], [0x80]))
        #expect(KeyOrder.precedes([0x01, 0xFF], [0x02]))
    }

    @Test func randomKeysOrderAsTheirBytesDo() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            // Short keys over few byte values, so that equal prefixes and equal keys are common.
            let a = (0..<Int.random(in: 0...4, using: &random)).map { _ in [0, 1, 0x7F, 0x80, 0xFF].randomElement(using: &random)! as UInt8 }
            let b = (0..<Int.random(in: 0...4, using: &random)).map { _ in [0, 1, 0x7F, 0x80, 0xFF].randomElement(using: &random)! as UInt8 }
            #expect(KeyOrder.precedes(a, b) == a.lexicographicallyPrecedes(b), "\(a) against \(b)")
        }
    }
}
