public import Foundation

/// Appends scheduled events when they fall due: at start-up it fires everything that came due while the
/// process was down, then sleeps until the next due time or until the schedule changes.
public struct LogScheduler: Sendable {
    let log: any EventLog
    let now: @Sendable () -> Date
    let batchLimit: Int

    public init(log: any EventLog, batchLimit: Int = 1024, now: @escaping @Sendable () -> Date = { Date() }) {
        self.log = log
        self.batchLimit = batchLimit
        self.now = now
    }

    /// Runs until the task is cancelled or the log closes; fired positions are reported to `onFire`.
    public func run(onFire: @Sendable ([GlobalPosition]) -> Void = { _ in }) async throws(EventStoreError) {
        let alarm = Alarm()
        let changes = log.scheduleChanges()
        let listener = Task {
            for await _ in changes { alarm.ring() }
            alarm.ring()
        }
        defer { listener.cancel() }
        var outage = OutagePause()
        while !Task.isCancelled {
            var next: Date?
            do {
                // Woken by every schedule change (each hold sets a timer): the write that fires what is due is
                // taken only when something is, since on a shared log it is a commit under the head row's lock.
                next = try await log.nextDueTime()
                if let due = next, due <= now() {
                    let fired = try await log.appendDue(asOf: now(), limit: batchLimit)
                    if !fired.isEmpty { onFire(fired) }
                    if fired.count >= batchLimit { continue }
                    next = try await log.nextDueTime()
                }
            } catch where error.code == .closed || Task.isCancelled {
                // Stopped (a log over the network may see the cancellation as a failed query): not a failure.
                return
            } catch where error.code == .unavailable {
                // A shared log's database away for now (a restart): due events wait for it, and fire once it is back.
                await alarm.wait(timeout: outage.next())
                continue
            }
            outage.reset()
            let timeout = next.map { due in
                Duration.milliseconds(max(0, Int64((due.timeIntervalSince(now()) * 1000).rounded(.up))))
            }
            await alarm.wait(timeout: timeout)
        }
    }
}
