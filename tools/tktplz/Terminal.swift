import Foundation

/// Output helpers for the command-line tools: progress goes to standard error, results to standard output.
enum Terminal {
    /// Writes a line to standard error (progress and warnings, so piped output stays clean).
    static func status(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A rate with thousands separators, e.g. "1,234,567".
    static func grouped(_ value: Double) -> String {
        let digits = String(Int(value.rounded()))
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }
}

/// Counts per second since it was made: the rate the tools print beside their progress and results.
struct Throughput {
    private let started = ContinuousClock.now

    func perSecond(_ count: UInt64) -> Double { Double(count) / max((ContinuousClock.now - started).seconds, 1e-9) }

    /// The rate with thousands separators, e.g. "1,234,567".
    func text(_ count: UInt64) -> String { Terminal.grouped(perSecond(count)) }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
