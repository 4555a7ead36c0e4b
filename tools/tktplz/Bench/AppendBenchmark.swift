import EventStore
import Foundation

/// Many appenders, each appending one event at a time to its own stream and waiting for the acknowledgement. Each
/// append expects the version the appender's previous one left, as a command decided on its stream does.
struct AppendBenchmark {
    let log: any EventLog
    let payload: Data

    init(log: any EventLog, payload: Int) {
        self.log = log
        self.payload = Data(repeating: UInt8(ascii: "x"), count: payload)
    }

    struct Result {
        var appendsPerSecond: Double
        var latency: LatencySample
    }

    func run(appenders: Int, for duration: Duration) async throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        let payload = payload
        let log = log
        let round = UUID().uuidString.prefix(6)
        let samples = try await withThrowingTaskGroup(of: LatencySample.self) { group in
            for appender in 0..<appenders {
                group.addTask {
                    var sample = LatencySample()
                    let stream = try StreamName(category: "bench", id: "\(round)\(String(appender, radix: 10))")
                    var expected = ExpectedVersion.noStream
                    while clock.now < deadline {
                        let event = NewEvent(id: EventID.random(), type: "BenchEvent", payload: payload)
                        let began = clock.now
                        guard case .appended(let appended) = try await log.append([event], to: stream, expecting: expected) else {
                            throw ToolFailure("an append to \(stream), which only its appender writes, conflicted")
                        }
                        expected = .exact(appended.streamVersion)
                        sample.add(clock.now - began)
                    }
                    return sample
                }
            }
            var all = LatencySample()
            for try await sample in group { all.merge(sample) }
            return all
        }
        let elapsed = (clock.now - start).seconds
        return Result(appendsPerSecond: Double(samples.nanoseconds.count) / elapsed, latency: samples)
    }
}
