import Domain
import Foundation
@testable import Projections
import Testing

/// The analytics' day of a confirmation is computed from the day count; Foundation's ISO 8601 formatting is the
/// reference it is held to.
@Suite("Projections: the UTC day of an instant")
struct UTCDayTests {
    static func foundation(_ instant: Instant) -> String {
        Date(timeIntervalSince1970: Double(instant.rawValue) / 1000).formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }

    @Test func theDayIsFoundationsDayAcrossCenturiesLeapDaysAndMidnights() {
        var random = SystemRandomNumberGenerator()
        // 1601 to 2400: leap centuries and ordinary ones, days before 1970 included.
        var instants = (0..<20_000).map { _ in Instant(rawValue: Int64.random(in: -11_644_473_600_000 ... 13_569_465_600_000, using: &random)) }
        let edges: [Int64] = [0, -1, 1, 86_399_999, 86_400_000, -86_400_000, -86_400_001, 951_782_400_000 /* 2000-02-29 */,
                              4_107_542_400_000 /* 2100-03-01 */, 4_107_542_399_999, 253_402_300_799_999 /* 9999-12-31 */]
        instants += edges.map(Instant.init(rawValue:))
        for instant in instants {
            #expect(UTCDay(instant).text == Self.foundation(instant), "at \(instant.rawValue) ms")
        }
    }
}
