import Synchronization

/// Keys in memory, lost with the process: tests, and a process that never installs a durable store.
public final class MemoryKeyStore: PersonalKeyStore {
    private let keys = Mutex<[String: PersonalKey]>([:])

    public init() {}

    public func key(of subject: String) throws(EventStoreError) -> PersonalKey? { keys.withLock { $0[subject] } }

    public func create(_ key: PersonalKey, for subject: String) throws(EventStoreError) -> PersonalKey {
        keys.withLock { keys in
            if let existing = keys[subject] { return existing }
            keys[subject] = key
            return key
        }
    }

    public func destroy(keyOf subject: String) throws(EventStoreError) { _ = keys.withLock { $0.removeValue(forKey: subject) } }
}
