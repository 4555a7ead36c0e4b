import Domain
import Foundation
import Testing

/// The order an on-sale queue draws is checkable from the log alone: an auditor's Python, written from
/// `FairOrder`'s documentation (Tests/Clients/fair_order.py), draws the same order from the same seed.
@Suite("Audit: a queue's draw recomputed in Python")
struct FairOrderInPythonTests {
    /// Counting bytes, all zeros (the generator's special case), and a descending pattern.
    static let seeds: [[UInt8]] = [
        (0..<32).map { UInt8($0) }, [UInt8](repeating: 0, count: 32), (0..<32).map { (index: Int) -> UInt8 in UInt8(255 - index * 3) },
    ]

    @Test(arguments: seeds)
    func pythonDrawsTheSameOrderFromTheSameSeed(seed: [UInt8]) async throws {
        let hex = seed.map { String(format: "%02x", $0) }.joined()
        let run = try await PythonScript.run("Clients/fair_order.py", hex, "2000")
        try #require(run.status == 0, "\(run.text)")
        let python = run.text.split(separator: "\n").compactMap { Int($0) }
        #expect(python == FairOrder.draw(Array(0..<2000), seed: seed))
    }
}
