import EventStore
import Foundation
import Testing

@Suite("EventStore: subscriptions")
struct SubscriptionTests {
    @Test(arguments: LogBackend.allCases)
    func aSubscriptionStartedDuringAppendsReceivesEveryRecordOnceInOrder(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let total = 2000
            // Some records exist before the subscription starts; the rest arrive while it catches up.
            for index in 0..<300 { _ = try await log.append([event()], to: stream("s-\(index % 7)"), expecting: .any) }
            let writer = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<17 {
                        group.addTask {
                            var index = task
                            while index < total - 300 {
                                _ = try await log.append([event()], to: stream("w-\(task)"), expecting: .any)
                                index += 17
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            var received: [UInt64] = []
            for try await page in log.subscribe(after: GlobalPosition(100), pageSize: 64) {
                received += page.map(\.position.rawValue)
                if received.count >= total - 100 { break }
            }
            try await writer.value
            #expect(received == Array(101...UInt64(total)))
        }
    }

    @Test(arguments: LogBackend.allCases)
    func aLiveSubscriptionIsWokenByACommit(backend: LogBackend) async throws {
        try await withLog(backend) { (log, opened) async throws in
            let reader = Task {
                var iterator = log.subscribe(after: .start).makeAsyncIterator()
                return try await iterator.next()?.map(\.type)
            }
            try await Task.sleep(for: .milliseconds(50))
            _ = try await log.append([event("Late")], to: stream("show-1"), expecting: .any)
            #expect(try await reader.value == ["Late"])
        }
    }

    @Test(arguments: LogBackend.allCases)
    func closingTheLogEndsSubscriptions(backend: LogBackend) async throws {
        try await withLog(backend) { log, opened in
            let reader = Task {
                var pages = 0
                for try await _ in log.subscribe(after: .start) { pages += 1 }
                return pages
            }
            try await Task.sleep(for: .milliseconds(50))
            opened.close()
            #expect(try await reader.value == 0)
        }
    }
}
