import CCairo

/// A payout receipt: what an organizer is paid for one show, on A4 pages — the settlement's figures (gross,
/// refunds, platform fees, net payable, tickets) and then every ledger entry (each confirmed payment and refund,
/// with the log position it came from), so the receipt can be checked line by line against the log.
public struct PayoutReceiptDocument: Sendable {
    public struct Entry: Sendable {
        public var position: String
        public var booking: String
        public var kind: String
        public var amount: String

        public init(position: String, booking: String, kind: String, amount: String) {
            self.position = position
            self.booking = booking
            self.kind = kind
            self.amount = amount
        }
    }

    public var show: String
    public var organizer: String
    /// Label and value lines of the header block (show id, when it ended, when the receipt was made…).
    public var facts: [(label: String, value: String)]
    /// The settlement's figures as label and amount.
    public var figures: [(label: String, amount: String)]
    public var entries: [Entry]

    public init(show: String, organizer: String, facts: [(label: String, value: String)], figures: [(label: String, amount: String)],
                entries: [Entry]) {
        self.show = show
        self.organizer = organizer
        self.facts = facts
        self.figures = figures
        self.entries = entries
    }

    static let margin = 56.0
    static let lineHeight = 16.0

    /// The PDF's bytes.
    public func pdf() throws -> [UInt8] {
        try A4PDF.render { draw(on: $0) }
    }

    private func draw(on cairo: OpaquePointer) {
        let margin = Self.margin
        cairo_set_source_rgb(cairo, 0, 0, 0)
        font(cairo, bold: true)
        text(cairo, "TktPlz payout receipt", x: margin, y: 80, size: 14)
        text(cairo, show, x: margin, y: 114, size: 20)
        font(cairo, bold: false)
        var y = 146.0
        for (label, value) in [("Organizer", organizer)] + facts {
            text(cairo, label, x: margin, y: y, size: 10)
            text(cairo, value, x: margin + 110, y: y, size: 11)
            y += 18
        }
        y += 14
        for line in figures {
            text(cairo, line.label, x: margin, y: y, size: 12)
            text(cairo, line.amount, x: margin + 300, y: y, size: 12)
            y += 20
        }
        y += 20
        font(cairo, bold: true)
        text(cairo, "Ledger", x: margin, y: y, size: 12)
        y += Self.lineHeight + 4
        columns(cairo, ["Position", "Booking", "Entry", "Amount"], y: y)
        font(cairo, bold: false)
        y += Self.lineHeight
        for entry in entries {
            if y > A4PDF.height - margin {
                cairo_show_page(cairo)
                y = 80
            }
            columns(cairo, [entry.position, entry.booking, entry.kind, entry.amount], y: y)
            y += Self.lineHeight
        }
        cairo_show_page(cairo)
    }

    private func columns(_ cairo: OpaquePointer, _ values: [String], y: Double) {
        for (value, x) in zip(values, [0.0, 70, 340, 410]) { text(cairo, value, x: Self.margin + x, y: y, size: 9) }
    }

    private func font(_ cairo: OpaquePointer, bold: Bool) { A4PDF.font(cairo, bold: bold) }

    private func text(_ cairo: OpaquePointer, _ string: String, x: Double, y: Double, size: Double) {
        A4PDF.text(cairo, string, x: x, y: y, size: size)
    }
}
