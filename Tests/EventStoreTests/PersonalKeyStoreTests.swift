import EventStore
import Foundation
import Testing

/// The keys of personal data beside an embedded log: written once, kept across restarts, and gone for good when
/// destroyed.
@Suite("Personal-data keys in a data directory")
struct PersonalKeyStoreTests {
    @Test func aKeyIsWrittenOnceAndSurvivesAReopen() throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        let keys = DirectoryKeyStore(dataDirectory: store.directory)
        let first = try keys.create(.random(), for: "customer-1")
        #expect(try keys.create(.random(), for: "customer-1") == first, "a second writer gets the first key")
        #expect(try DirectoryKeyStore(dataDirectory: store.directory).key(of: "customer-1") == first)
        #expect(try keys.key(of: "customer-2") == nil)
    }

    @Test func aDestroyedKeyIsGoneFromTheDirectoryByteForByte() throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        let keys = DirectoryKeyStore(dataDirectory: store.directory)
        let key = try keys.create(.random(), for: "customer-1")
        let kept = try keys.create(.random(), for: "customer-2")
        try keys.destroy(keyOf: "customer-1")
        try keys.destroy(keyOf: "customer-1")  // twice: nothing there, nothing to do

        #expect(try keys.key(of: "customer-1") == nil)
        #expect(try keys.key(of: "customer-2") == kept)
        let files = try FileManager.default.contentsOfDirectory(at: keys.directory, includingPropertiesForKeys: nil)
        #expect(files.count == 1)
        for file in files {
            #expect(try Data(contentsOf: file).range(of: Data(key.material)) == nil)
        }
        #expect(try keys.create(.random(), for: "customer-1") != key, "a key made after the erasure is another")
    }

    @Test func aRingSealsWithTheStoredKeyAndForgetsItWhenDestroyed() throws {
        let store = try TemporaryStore()
        defer { store.remove() }
        let ring = PersonalKeyRing(store: DirectoryKeyStore(dataDirectory: store.directory))
        let sealed = try ring.seal(Array("asha@example.com".utf8), for: "customer-1")
        // Another process over the same directory opens it.
        let other = PersonalKeyRing(store: DirectoryKeyStore(dataDirectory: store.directory))
        #expect(try other.open(sealed) == Array("asha@example.com".utf8))
        try ring.destroy(keyOf: "customer-1")
        #expect(try ring.open(sealed) == nil)
        // The other process still holds the key in memory until it learns of the erasure.
        #expect(try other.open(sealed) != nil)
        other.forget("customer-1")
        #expect(try other.open(sealed) == nil)
    }
}
