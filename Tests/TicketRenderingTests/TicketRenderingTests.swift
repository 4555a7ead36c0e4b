import Foundation
import TestSupport
import Testing
import TicketRendering

/// A scratch directory for one test's files.
struct Scratch {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tktplz-render-\(UUID().uuidString)")
    init() throws { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
    func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }
    func remove() { try? FileManager.default.removeItem(at: directory) }
}

let token = "tkt1.eyJ0IjoidGlja2V0LTEyMyIsInMiOiJzaG93LTEiLCJhIjoiQTEyIn0.c2lnbmF0dXJlLWJ5dGVzLWdvLWhlcmUtYW5kLWFyZS1sb25nLWVub3VnaA"

@Suite("Ticket rendering: QR codes and PDF tickets a scanner can read back")
struct TicketRenderingTests {
    @Test func aPNGQRCodeScansBackToItsText() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let png = try QRCode(token).png()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(try ImageTools.scanQRCodes(in: scratch.file("qr.png", png)) == [token])
    }

    @Test func anSVGQRCodeHasTheQuietZoneAndOnlyDarkRunsAsPaths() throws {
        let code = try QRCode(token)
        let svg = code.svg()
        let side = code.size + 2 * QRCode.quietZone
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\""))
        // Every dark module is covered by exactly one run: the run widths add up to the dark modules.
        let widths = svg.split(separator: "h").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        #expect(widths.reduce(0, +) == code.modules.filter { $0 }.count)
    }

    @Test func aLongerTextMakesABiggerCodeAndTooLongATextIsRefused() throws {
        #expect(try QRCode(String(repeating: "x", count: 300)).size > QRCode("short").size)
        #expect(throws: QRCodeError.self) { try QRCode(String(repeating: "x", count: 4000)) }
    }

    @Test func aPDFTicketPrintsItsTextAndAScannableCodeOnEachPage() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let page = TicketDocument.Page(
            show: "Hamlet", venue: "Demo Hall, Screen 1", when: "2026-12-01 19:30 IST", admits: "Seat B7", holder: "ada@example.com",
            amounts: [("Ticket", "₹500.00"), ("Convenience fee", "₹50.00"), ("Total", "₹550.00")], reference: "booking-1", token: token)
        var second = page
        second.admits = "Seat B8"
        second.token = token + "2"
        let pdf = try TicketDocument(pages: [page, second]).pdf()
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        let file = try scratch.file("ticket.pdf", pdf)
        let text = try ImageTools.text(ofPDF: file)
        for expected in ["Hamlet", "Seat B7", "Seat B8", "Convenience fee", "₹50.00", "ada@example.com"] {
            #expect(text.contains(expected), "the PDF's text lacks \(expected)")
        }
        let pages = try ImageTools.renderPDF(file, into: scratch.directory)
        #expect(pages.count == 2)
        #expect(try pages.map { try ImageTools.scanQRCodes(in: $0) } == [[token], [token + "2"]])
    }
}
