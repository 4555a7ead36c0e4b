import Domain
import Testing

/// Seat labels sort in reading order (letters, then number, then the whole label), with each label split once.
@Suite("Domain: seat labels in reading order")
struct ReadingOrderTests {
    /// The order as it was defined, splitting both labels at each comparison: the reference.
    static func reference(_ a: String, _ b: String) -> Bool {
        func split(_ label: String) -> (String, Int) {
            let letters = label.prefix { !$0.isNumber }
            return (String(letters), Int(label.dropFirst(letters.count)) ?? 0)
        }
        let (l1, n1) = split(a), (l2, n2) = split(b)
        if l1 != l2 { return l1 < l2 }
        if n1 != n2 { return n1 < n2 }
        return a < b
    }

    @Test func twoComesBeforeTenAndRowsGoByTheirLetters() {
        #expect(["A10", "B1", "A2", "AA1", "A1"].sortedInReadingOrder(by: \.self) == ["A1", "A2", "A10", "AA1", "B1"])
    }

    @Test func randomLabelsSortAsTheReferenceSortsThem() {
        var random = SystemRandomNumberGenerator()
        let rows = ["A", "B", "AA", "Z", "", "É", "a"]
        let numbers = ["1", "2", "10", "01", "007", "", "99999999999999999999", "3x"]
        for _ in 0..<50 {
            let labels = Array(Set((0..<200).map { _ in rows.randomElement(using: &random)! + numbers.randomElement(using: &random)! }))
            #expect(labels.sortedInReadingOrder(by: \.self) == labels.sorted(by: Self.reference))
        }
    }
}
