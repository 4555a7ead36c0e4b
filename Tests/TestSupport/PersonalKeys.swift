public import EventStore
public import Foundation

/// Runs `body` sealing and opening personal data under keys kept in `directory`, as `tktplz serve` and the tools
/// over that data directory do, rather than in this process's memory: for data a test prepares here and a child
/// process (a server, a tool) reads there.
public func withPersonalKeys<R>(beside directory: URL, _ body: () async throws -> R) async rethrows -> R {
    try await PersonalKeyRing.$override.withValue(PersonalKeyRing(store: DirectoryKeyStore(dataDirectory: directory)), operation: body)
}
