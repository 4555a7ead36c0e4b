import Domain
import EventStore
import Hummingbird
import Projections

/// `/api/user`: the signed-in customer's own holds and bookings. The customer comes from the session only; a
/// booking of somebody else answers 404, exactly as one that does not exist.
struct CustomerController {
    let log: any EventLog
    let store: ProjectionStore
    let sessions: SessionSigner
    let index: ProjectionRunner<CustomerBookingsProjection>
    let summaries: ProjectionRunner<BookingSummaryProjection>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/user/bookings") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let status = try Self.statusFilter(request)
            try await waitForBoth(request)
            let bookings: [BookingSummary]
            do {
                let ids = try CustomerBookingsProjection.bookings(of: CustomerID(customer.id), from: store)
                bookings = try store.views(BookingSummaryProjection.self, keys: ids.map(\.rawValue)).compactMap { $0 }
            } catch {
                throw APIError.storeUnavailable()
            }
            // Newest first: the hold in progress, then recent purchases.
            let listed = bookings.reversed().filter { status == nil || $0.status == status }
            return CustomerBookingsResponse(bookings: listed.map(BookingResponse.init), position: min(index.position, summaries.position).rawValue)
        }
        router.get("api/user/bookings/:bookingId") { request, context in
            let customer = try await request.identity(sessions, as: .customer)
            let id = try context.parameters.id("bookingId")
            try await ReadYourWrites(log: log).await(request, summaries)
            let summary: BookingSummary?
            do {
                summary = try store.view(BookingSummaryProjection.self, key: id)
            } catch {
                throw APIError.storeUnavailable()
            }
            guard let summary, summary.customer.rawValue == customer.id else { throw APIError.notFound("booking \(id)") }
            return BookingResponse(summary)
        }
    }

    private func waitForBoth(_ request: Request) async throws {
        let reads = ReadYourWrites(log: log)
        try await reads.await(request, index)
        try await reads.await(request, summaries)
    }

    private static func statusFilter(_ request: Request) throws -> BookingStatus? {
        guard let value = request.uri.queryParameters.get("status") else { return nil }
        guard let status = BookingStatus(rawValue: value), status != .none else {
            throw APIError.invalidQuery("status must be one of held, ordered, confirmed, expired, released, failed")
        }
        return status
    }
}

struct CustomerBookingsResponse: ResponseEncodable {
    var bookings: [BookingResponse]
    var position: UInt64
}

/// One booking as the customer sees it.
struct BookingResponse: ResponseEncodable {
    var bookingId: String
    var eventId: String
    var status: String
    var items: Items
    var price: PriceBreakdown
    var expiresAt: Int64?
    var startedAt: Int64
    var confirmedAt: Int64?
    var tickets: [BookingSummary.Ticket]
    var refund: BookingSummary.RefundSummary?

    init(_ summary: BookingSummary) {
        bookingId = summary.id.rawValue
        eventId = summary.show.rawValue
        status = summary.status.rawValue
        items = summary.items
        price = summary.price
        // Only a live hold has an expiry worth showing.
        expiresAt = summary.status == .held || summary.status == .ordered ? summary.expiresAt.rawValue : nil
        startedAt = summary.startedAt.rawValue
        confirmedAt = summary.confirmedAt?.rawValue
        tickets = summary.tickets
        refund = summary.refund
    }
}
