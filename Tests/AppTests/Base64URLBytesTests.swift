import App
import Foundation
import Testing
import TestSupport

/// The byte-level base64url decoder a queue pass is read with, against the string one the tickets use.
@Suite("App: base64url decoded byte by byte")
struct Base64URLBytesTests {
    @Test func everyEncodingDecodesToItsBytesAsTheStringDecoderReadsIt() {
        var random = SeededRandom(seed: 7)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let text = Base64URL.encode(bytes)
            #expect(Base64URL.decode(bytes: Array(text.utf8)) == bytes, "\(length) bytes")
            #expect(Base64URL.decode(Substring(text)).map(Array.init) == bytes)
        }
    }

    @Test func aCharacterOutsideTheAlphabetALengthNoEncodingHasAndStrayLowBitsAreRefused() {
        for text in ["ab+c", "ab/c", "ab=c", "abcde", "a", "AB", "AAB"] {
            #expect(Base64URL.decode(bytes: Array(text.utf8)) == nil, "\(text)")
        }
        // "AA" and "AAA" are one and two zero bytes; "AQ" is 0x01.
        #expect(Base64URL.decode(bytes: Array("AA".utf8)) == [0] && Base64URL.decode(bytes: Array("AAA".utf8)) == [0, 0])
        #expect(Base64URL.decode(bytes: Array("AQ".utf8)) == [1])
    }
}
