import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, so a stop lets in-flight writes commit and the log close cleanly.
enum ShutdownSignal {
    static func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "tktplz.signals")
            let once = OnceFlag()
            var sources: [any DispatchSourceSignal] = []
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler {
                    if once.claim() { continuation.resume() }
                }
                source.resume()
                sources.append(source)
            }
            // The sources must outlive this closure; they live as long as the process.
            KeepAlive.signalSources = sources
        }
    }
}

/// True exactly once, however many signals arrive.
private final class OnceFlag: @unchecked Sendable {
    private var claimed = false
    private let lock = NSLock()
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}

private enum KeepAlive {
    nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []
}
