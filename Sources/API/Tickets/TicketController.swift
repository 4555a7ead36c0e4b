import App
import Domain
import Foundation
import Hummingbird
import NIOCore
import TicketRendering

/// `/api/ticket`: a booking's tickets with their signed tokens, each QR code as SVG or PNG, the printable PDF, and
/// the public key a scanner verifies tokens with offline.
struct TicketController {
    let sessions: SessionSigner
    let access: TicketAccess

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/ticket/public-key") { _, _ in
            PublicKeyResponse(algorithm: "Ed25519", publicKey: access.signer.publicKey,
                              tokenFormat: "tkt1.<base64url JSON claims {t,b,s,a}>.<base64url Ed25519 signature over tkt1.<claims>>")
        }
        router.get("api/ticket/:bookingId") { request, context in
            let granted = try await open(request, context)
            return TicketsResponse(bookingId: granted.booking.rawValue, eventId: granted.terms.show.rawValue, tickets: try access.tickets(of: granted),
                                   accessLink: access.accessLink(of: granted))
        }
        router.get("api/ticket/:bookingId/pdf") { request, context in
            let granted = try await open(request, context)
            let holder = await access.holder(of: granted.terms)
            let document = TicketDocument(pages: try access.tickets(of: granted).map { ticket in
                TicketDocument.Page(
                    show: granted.show.details.title, venue: granted.show.details.venue, when: granted.show.schedule.start.iso8601,
                    admits: ticket.admits, holder: holder, amounts: Self.amounts(granted.terms.price),
                    reference: granted.booking.rawValue, token: ticket.token)
            })
            let pdf: [UInt8]
            do {
                pdf = try document.pdf()
            } catch {
                throw APIError.internalFailure("the ticket could not be rendered")
            }
            return Self.file(pdf, type: "application/pdf", name: "tickets-\(granted.booking.rawValue).pdf")
        }
        router.get("api/ticket/:bookingId/:ticketId/qr.svg") { request, context in
            let code = try await qrCode(request, context)
            return Self.file(Array(code.svg().utf8), type: "image/svg+xml", name: nil)
        }
        router.get("api/ticket/:bookingId/:ticketId/qr.png") { request, context in
            let code = try await qrCode(request, context)
            let png: [UInt8]
            do {
                png = try code.png()
            } catch {
                throw APIError.internalFailure("the QR code could not be rendered")
            }
            return Self.file(png, type: "image/png", name: nil)
        }
    }

    private func open(_ request: Request, _ context: some RequestContext) async throws -> TicketAccess.Granted {
        let identity = try await request.identity(sessions)
        return try await access.open(BookingID(try context.parameters.id("bookingId")), for: identity)
    }

    private func qrCode(_ request: Request, _ context: some RequestContext) async throws -> QRCode {
        let granted = try await open(request, context)
        let id = try context.parameters.id("ticketId")
        guard let ticket = try access.tickets(of: granted).first(where: { $0.ticketId == id }) else { throw APIError.notFound("ticket \(id)") }
        do {
            return try QRCode(ticket.token)
        } catch {
            throw APIError.internalFailure("the QR code could not be rendered")
        }
    }

    /// The price lines of the ticket: what was paid for the tickets, the fee on its own line, tax, total.
    static func amounts(_ price: PriceBreakdown) -> [(label: String, amount: String)] {
        var lines: [(label: String, amount: String)] = price.lines.map { ("\($0.item) × \($0.quantity)", rupees($0.unitPrice)) }
        lines.append(("Convenience fee", rupees(price.fees)))
        if !price.tax.isZero { lines.append(("Tax on the fee", rupees(price.tax))) }
        lines.append(("Total", rupees(price.total)))
        return lines
    }

    static func rupees(_ money: Money) -> String {
        let symbol = money.currency == .inr ? "₹" : money.currency.code + " "
        let sign = money.minor < 0 ? "-" : ""
        let minor = money.minor.magnitude
        return "\(sign)\(symbol)\(minor / 100).\(String(format: "%02d", Int(minor % 100)))"
    }

    /// Private to the holder: never cached by shared caches.
    static func file(_ bytes: [UInt8], type: String, name: String?) -> Response {
        var headers: HTTPFields = [.contentType: type, .cacheControl: "private, no-store"]
        if let name { headers[.contentDisposition] = "inline; filename=\"\(name)\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

struct PublicKeyResponse: ResponseEncodable {
    var algorithm: String
    var publicKey: String
    var tokenFormat: String
}

struct TicketsResponse: ResponseEncodable {
    var bookingId: String
    var eventId: String
    var tickets: [TicketView]
    /// Where an online show happens: only for a confirmed, unrefunded booking.
    var accessLink: String?
}
