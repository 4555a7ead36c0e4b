import EventStore
import Foundation

/// The floor under any group-committed append in this process: the same appender tasks hand each request to a
/// dedicated thread that answers whole batches at once, with no storage at all. It measures what Swift tasks,
/// continuations and a thread handoff cost on this machine, so the store's figures can be read against it.
final class HandoffFloorBenchmark: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [UnsafeContinuation<Void, Never>] = []
    private var stopped = false

    func run(appenders: Int, payload: Int, for duration: Duration) async -> Double {
        let thread = Thread { [self] in answerBatches() }
        thread.start()
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        let body = Data(repeating: UInt8(ascii: "x"), count: payload)
        let total = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<appenders {
                group.addTask {
                    var count = 0
                    while clock.now < deadline {
                        // The same per-append work as the store benchmark's appenders, minus the store.
                        let event = NewEvent(id: EventID.random(), type: "BenchEvent", payload: body)
                        withExtendedLifetime(event) {}
                        await withUnsafeContinuation { continuation in self.submit(continuation) }
                        count += 1
                    }
                    return count
                }
            }
            return await group.reduce(0, +)
        }
        stop()
        return Double(total) / (clock.now - start).seconds
    }

    private func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func submit(_ continuation: UnsafeContinuation<Void, Never>) {
        condition.lock()
        pending.append(continuation)
        if pending.count == 1 { condition.signal() }
        condition.unlock()
    }

    private func answerBatches() {
        while true {
            condition.lock()
            while pending.isEmpty && !stopped { condition.wait() }
            let batch = pending
            pending = []
            let done = stopped && batch.isEmpty
            condition.unlock()
            if done { return }
            for continuation in batch { continuation.resume() }
        }
    }
}
