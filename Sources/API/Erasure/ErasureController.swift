import App
import Domain
import Hummingbird

/// Erasure of a customer's personal data (crypto-shredding, `CustomerErasure`): `DELETE /api/user/account` by the
/// customer themself (with `{"confirm": true}`, so no stray request erases anybody), `POST
/// /api/admin/customers/:customerId/erase` by an admin acting on a request made elsewhere. Either way the erasure is
/// recorded with who asked, and every session of the account ends with it.
struct ErasureController {
    let sessions: SessionSigner
    let erasure: CustomerErasure
    let cookies: CookiePolicy

    func addRoutes(to router: Router<some RequestContext>) {
        router.delete("api/user/account") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(Confirmation.self)
            guard body.confirm else { throw APIError.invalidBody("field confirm must be true to erase the account") }
            let id = CustomerID(customer.id)
            let erased = try await erase(id, by: .customer(id))
            return EditedResponse(headers: [.setCookie: SessionCookie.clearing(cookies).description], response: erased)
        }
        router.post("api/admin/customers/:customerId/erase") { request, context in
            let admin = AdminID(try await request.identity(sessions, as: .admin).id)
            return try await erase(CustomerID(try context.parameters.id("customerId")), by: .admin(admin))
        }
    }

    private func erase(_ customer: CustomerID, by: Actor) async throws -> Erased {
        let now = Instant.now()
        let recorded = try await erasure.erase(customer, by: by, now: now)
        try await sessions.endEvery(of: customer.rawValue, now: now)
        return Erased(customer: customer.rawValue, erased: true, alreadyErased: !recorded)
    }

    struct Confirmation: Decodable {
        var confirm: Bool
    }

    struct Erased: ResponseEncodable {
        var customer: String
        var erased: Bool
        /// Erased before this request (nothing new was recorded).
        var alreadyErased: Bool
    }
}
