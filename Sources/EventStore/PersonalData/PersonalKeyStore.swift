/// Where the keys of personal data live: outside the log, so destroying one erases what was sealed under it while
/// the log (its bytes, its hashes, its order) stays as it was. Beside an LMDB log a directory of small files
/// (`DirectoryKeyStore`); beside a PostgreSQL log a table every node reads.
///
/// Calls are synchronous: a key is read when a payload is encoded or decoded, deep inside folds and codecs that do
/// not wait. The ring in front of the store (`PersonalKeyRing`) keeps the keys it has read, so a store is asked once
/// per subject and process.
public protocol PersonalKeyStore: Sendable {
    /// The subject's current key, or `nil` when it has none (never had one, or it was destroyed).
    func key(of subject: String) throws(EventStoreError) -> PersonalKey?
    /// Stores `key` as the subject's key unless it has one already; answers the key it has now (of two writers at
    /// once, both get the first one's).
    func create(_ key: PersonalKey, for subject: String) throws(EventStoreError) -> PersonalKey
    /// Destroys the subject's key, for good: what was sealed under it reads as erased from now on. Destroying a key
    /// that is not there does nothing.
    func destroy(keyOf subject: String) throws(EventStoreError)
}
