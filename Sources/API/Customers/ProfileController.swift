import App
import Domain
import DomainEvents
import EventStore
import Foundation
import Hummingbird

/// `/api/user/profile` and `/api/user/likes`: the signed-in customer's own profile and liked shows.
struct ProfileController {
    let sessions: SessionSigner
    let customers: CommandHandler<Customer>
    let shows: CommandHandler<Show>

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/user/profile") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            return Profile(try await state(customer.id), email: customer.email)
        }
        router.put("api/user/profile") { request, _ in
            let customer = try await request.identity(sessions, as: .customer)
            let body = try await request.json(ProfileBody.self)
            let name = body.name.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...100).contains(name.count) else { throw APIError.invalidBody("field name must be 1 to 100 characters") }
            let phone = body.phone ?? ""
            guard phone.isEmpty || (phone.count <= 15 && phone.allSatisfy { $0.isNumber || $0 == "+" }) else {
                throw APIError.invalidBody("field phone must be digits (and +), at most 15")
            }
            try await run(.updateProfile(name: name, phone: phone), customer.id)
            return Profile(try await state(customer.id), email: customer.email)
        }
        router.post("api/user/likes/:eventId") { request, context in
            let customer = try await request.identity(sessions, as: .customer)
            let show = try await publicShow(try context.parameters.id("eventId"))
            try await run(.like(show), customer.id)
            return Profile(try await state(customer.id), email: customer.email)
        }
        router.delete("api/user/likes/:eventId") { request, context in
            let customer = try await request.identity(sessions, as: .customer)
            // Unliking decides nothing for a show that was not liked (the original decremented a counter anyway).
            try await run(.unlike(ShowID(try context.parameters.id("eventId"))), customer.id)
            return Profile(try await state(customer.id), email: customer.email)
        }
    }

    private func publicShow(_ id: String) async throws -> ShowID {
        guard let stream = try? Show.stream(ShowID(id)) else { throw APIError.notFound("event \(id)") }
        let state: Show.State
        do {
            state = try await shows.state(of: stream)
        } catch {
            throw APIError.storeUnavailable()
        }
        guard state.status.isPublic else { throw APIError.notFound("event \(id)") }
        return ShowID(id)
    }

    private func state(_ id: String) async throws -> Customer.State {
        try await customers.currentState(of: try Customer.stream(CustomerID(id)))
    }

    private func run(_ command: Customer.Command, _ id: String) async throws {
        let stream = try Customer.stream(CustomerID(id))
        do {
            _ = try await customers.handle(command, on: stream)
        } catch {
            throw APIError(error) { APIError(customer: $0, id: CustomerID(id)) }
        }
    }

    struct ProfileBody: Decodable {
        var name: String
        var phone: String?
    }

    struct Profile: ResponseEncodable {
        var email: String
        var name: String?
        var phone: String?
        var likes: [String]
        init(_ state: Customer.State, email: String) {
            self.email = email
            name = state.name
            phone = state.phone
            likes = state.likes.map(\.rawValue).sorted()
        }
    }
}
