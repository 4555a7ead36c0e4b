import CCairo

/// A printable ticket: one A4 page per ticket with the show, where and when, what it admits, the holder, the
/// amounts (the fee on its own line) and the entry QR code, drawn as vector squares so it prints sharp.
public struct TicketDocument: Sendable {
    public struct Page: Sendable {
        public var show: String
        public var venue: String
        public var when: String
        /// The seat (or category) the ticket admits to.
        public var admits: String
        public var holder: String
        /// Label and amount lines, such as ("Tickets", "₹500.00"), ("Convenience fee", "₹30.00").
        public var amounts: [(label: String, amount: String)]
        public var reference: String
        /// What the door scans.
        public var token: String

        public init(show: String, venue: String, when: String, admits: String, holder: String,
                    amounts: [(label: String, amount: String)], reference: String, token: String) {
            self.show = show
            self.venue = venue
            self.when = when
            self.admits = admits
            self.holder = holder
            self.amounts = amounts
            self.reference = reference
            self.token = token
        }
    }

    public var pages: [Page]

    public init(pages: [Page]) { self.pages = pages }

    /// The PDF's bytes.
    public func pdf() throws -> [UInt8] {
        try A4PDF.render { cairo in
            for page in pages {
                try draw(page, on: cairo)
                cairo_show_page(cairo)
            }
        }
    }

    private func draw(_ page: Page, on cairo: OpaquePointer) throws {
        let margin = 56.0
        cairo_set_source_rgb(cairo, 0, 0, 0)
        A4PDF.font(cairo, bold: true)
        text(cairo, "TktPlz ticket", x: margin, y: 80, size: 14)
        text(cairo, page.show, x: margin, y: 118, size: 24)
        A4PDF.font(cairo, bold: false)
        var y = 156.0
        for (label, value) in [("Venue", page.venue), ("When", page.when), ("Admits", page.admits), ("Holder", page.holder)] {
            text(cairo, label, x: margin, y: y, size: 11)
            text(cairo, value, x: margin + 90, y: y, size: 13)
            y += 24
        }
        y += 12
        for line in page.amounts {
            text(cairo, line.label, x: margin, y: y, size: 12)
            text(cairo, line.amount, x: margin + 260, y: y, size: 12)
            y += 20
        }
        text(cairo, "Booking \(page.reference)", x: margin, y: y + 16, size: 9)
        let code = try QRCode(page.token)
        // About 7 cm wide whatever the code's version, centred under the text.
        let module = 200.0 / Double(code.size + 2 * QRCode.quietZone)
        TicketRendering.draw(code, on: cairo, x: (A4PDF.width - 200) / 2, y: y + 48, module: module)
        cairo_set_source_rgb(cairo, 0, 0, 0)
        text(cairo, "Show this code at the door. It admits one person, once.", x: margin, y: y + 290, size: 11)
    }

    private func text(_ cairo: OpaquePointer, _ string: String, x: Double, y: Double, size: Double) {
        A4PDF.text(cairo, string, x: x, y: y, size: size)
    }
}
