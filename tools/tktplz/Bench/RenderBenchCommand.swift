import ArgumentParser
import Foundation
import TicketRendering

/// `tktplz bench render`: tickets rendered per second on one core — QR codes as SVG and PNG, and one-page PDF
/// tickets — for a token of the real size.
struct RenderBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "QR SVG / PNG and PDF tickets rendered per second.")

    @Option(help: "Seconds per case.") var seconds: Double = 3

    func run() async throws {
        // The shape of a real token: claims of a ticket, booking, show and seat, and a 64-byte signature.
        let token = "tkt1." + String(repeating: "eyJhIjoiQTEiLCJiIjoiYm9va2luZy0", count: 4) + "." + String(repeating: "s", count: 86)
        let page = TicketDocument.Page(
            show: "Hamlet", venue: "Demo Hall", when: "2026-12-01T14:00:00Z", admits: "A1", holder: "customer@demo.tktplz",
            amounts: [("Regular × 1", "₹250.00"), ("Convenience fee", "₹30.00"), ("Total", "₹280.00")], reference: "booking-1", token: token)
        print("| case | per second | bytes each |")
        print("|---|---|---|")
        try measure("QR code, SVG") { try QRCode(token).svg().utf8.count }
        try measure("QR code, PNG") { try QRCode(token).png().count }
        try measure("PDF ticket, 1 page") { try TicketDocument(pages: [page]).pdf().count }
    }

    private func measure(_ name: String, _ render: () throws -> Int) throws {
        var count = 0
        var bytes = 0
        let clock = ContinuousClock()
        let started = clock.now
        let deadline = started + .milliseconds(Int(seconds * 1000))
        while clock.now < deadline {
            bytes = try render()
            count += 1
        }
        let elapsed = clock.now - started
        let perSecond = Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print(String(format: "| %@ | %.0f | %d |", name as NSString, perSecond, bytes))
    }
}
