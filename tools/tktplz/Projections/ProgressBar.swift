import Foundation

/// Progress of a long job on standard error: a bar with the rate and the time left on a terminal, a plain line
/// every second otherwise (logs and pipes stay readable).
final class ProgressBar {
    private let label: String
    private let throughput = Throughput()
    private var lastLine = ContinuousClock.now - .seconds(1)
    private var done: UInt64 = 0
    private let terminal = isatty(STDERR_FILENO) == 1

    init(label: String) { self.label = label }

    /// Events per second so far.
    var rate: Double { throughput.perSecond(done) }

    func update(done: UInt64, of total: UInt64) {
        self.done = done
        let now = ContinuousClock.now
        guard terminal || now - lastLine >= .seconds(1) else { return }
        lastLine = now
        let fraction = total == 0 ? 1 : min(1, Double(done) / Double(total))
        let left = rate > 0 ? Double(total - min(done, total)) / rate : 0
        let figures = "\(Terminal.grouped(Double(done)))/\(Terminal.grouped(Double(total))) events, \(Terminal.grouped(rate)) events/s, ETA \(String(format: "%.0f", left)) s"
        if terminal {
            let width = 30
            let filled = Int(fraction * Double(width))
            FileHandle.standardError.write(Data("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))% \(figures)\u{1B}[K".utf8))
        } else {
            Terminal.status("\(label): \(figures)")
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
