import EventStore
import Foundation

/// A real LMDB log in a fresh temporary directory, removed afterwards.
/// Tests relax fsync (`durable: false`): a process crash still loses nothing, only an OS crash could.
struct TemporaryStore {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tktplz-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    var logPath: String { directory.appendingPathComponent("events").path }

    func open(
        initialMapSize: Int = 16 << 20, now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> LMDBEventLog {
        try LMDBEventLog(.init(path: logPath, durable: false, initialMapSize: initialMapSize, now: now))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Runs `body` with an open log in a temporary directory, then closes and removes it.
func withTemporaryLog<R>(
    initialMapSize: Int = 16 << 20, _ body: (LMDBEventLog, TemporaryStore) async throws -> R
) async throws -> R {
    let store = try TemporaryStore()
    defer { store.remove() }
    let log = try store.open(initialMapSize: initialMapSize)
    defer { log.close() }
    return try await body(log, store)
}

/// A small event with a fresh id.
func event(_ type: String = "SeatsHeld", _ payload: String = "{}") -> NewEvent {
    NewEvent(id: EventID.random(), type: type, payload: Data(payload.utf8))
}

func stream(_ name: String) -> StreamName {
    // Test names are literals known to be valid.
    try! StreamName(name)
}
