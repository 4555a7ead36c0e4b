import EventStore
import Foundation
import Testing

@Suite("EventStore: reading")
struct ReadTests {
    @Test(arguments: LogBackend.allCases)
    func readStreamForwardsAndBackwardsFromAVersion(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            for index in 0..<5 {
                _ = try await log.append([event("E\(index)")], to: stream("show-1"), expecting: .any)
                _ = try await log.append([event("Other")], to: stream("show-10"), expecting: .any)
            }
            let forwards = try await log.read(stream: stream("show-1"), from: StreamVersion(1), direction: .forwards, limit: 3)
            #expect(forwards.map(\.type) == ["E1", "E2", "E3"])
            let backwards = try await log.read(stream: stream("show-1"), from: StreamVersion(3), direction: .backwards, limit: 10)
            #expect(backwards.map(\.type) == ["E3", "E2", "E1", "E0"])
            let fromEnd = try await log.read(stream: stream("show-1"), from: StreamVersion(UInt64.max), direction: .backwards, limit: 2)
            #expect(fromEnd.map(\.type) == ["E4", "E3"])
            #expect(try await log.read(stream: stream("show-2"), from: .first, direction: .forwards, limit: 10).isEmpty)
            #expect(try await log.version(of: stream("show-1")) == StreamVersion(4))
            #expect(try await log.version(of: stream("show-3")) == nil)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func readFromPositionIsGaplessInPages(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            for index in 0..<25 {
                _ = try await log.append([event()], to: stream("s-\(index % 4)"), expecting: .any)
            }
            var positions: [UInt64] = []
            var next = GlobalPosition(1)
            while true {
                let page = try await log.read(from: next, limit: 7)
                guard let last = page.last else { break }
                positions += page.map(\.position.rawValue)
                next = last.position.next
            }
            #expect(positions == Array(1...25))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func anEmptyLogReadsNothingAndHasHeadZero(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            #expect(try await log.head() == GlobalPosition.start)
            #expect(try await log.read(from: GlobalPosition.start, limit: 10).isEmpty)
        }
    }

    @Test(arguments: LogBackend.allCases)
    func everyRecordLinksToThePreviousHash(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            for _ in 0..<5 { _ = try await log.append([event()], to: stream("show-1"), expecting: .any) }
            let records = try await log.read(from: .start, limit: 10)
            #expect(Set(records.map(\.hash)).count == 5)
        }
    }
}
