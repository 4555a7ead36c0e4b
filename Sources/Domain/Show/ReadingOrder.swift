extension Sequence {
    /// The elements sorted by their labels in reading order (A2 before A10), each label split once: a comparator
    /// that split both labels at every comparison did so about two million times for a 60,000-seat hall (its
    /// draft's fold, a show page's seat list).
    public func sortedInReadingOrder(by label: (Element) -> String) -> [Element] {
        map { (key: ReadingKey(label($0)), element: $0) }.sorted { $0.key < $1.key }.map(\.element)
    }
}

/// A label as reading order compares it: its letters, then its number, then the whole label.
public struct ReadingKey: Comparable {
    let letters: Substring
    let number: Int
    let label: String

    public init(_ label: String) {
        letters = label.prefix { !$0.isNumber }
        number = Int(label.dropFirst(letters.count)) ?? 0
        self.label = label
    }

    public static func < (a: ReadingKey, b: ReadingKey) -> Bool {
        if a.letters != b.letters { return a.letters < b.letters }
        if a.number != b.number { return a.number < b.number }
        return a.label < b.label
    }
}
