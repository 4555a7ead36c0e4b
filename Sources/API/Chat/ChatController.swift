import App
import Domain
import EventStore
import Hummingbird
import Projections

/// A show's chat over HTTP: its ticket holders and its organizer read it page by page and post to it; the
/// organizer hides messages and mutes customers. Live, the same messages reach `/ws` and Socket.IO members of the
/// show's chat room (`join-chat`).
struct ChatController {
    let sessions: SessionSigner
    let log: any EventLog
    let store: ProjectionStore
    let chatView: ProjectionRunner<ShowChatProjection>
    let chat: EventChat
    /// The most a page holds.
    static let pageLimit = 100

    func addRoutes(to router: Router<some RequestContext>) {
        router.get("api/event/:eventId/chat") { request, context in
            let show = ShowID(try context.parameters.id("eventId"))
            let member = try await member(request, show)
            let query = request.uri.queryParameters
            let limit = try query.get("limit").map { raw throws(APIError) in
                guard let limit = Int(raw), (1...Self.pageLimit).contains(limit) else {
                    throw APIError.invalidQuery("limit must be a whole number from 1 to \(Self.pageLimit)")
                }
                return limit
            } ?? 50
            let before = try query.get("before").map { raw throws(APIError) in
                guard let before = Int(raw), before >= 1 else { throw APIError.invalidQuery("before must be a message number (1 or more)") }
                return before
            }
            try await ReadYourWrites(log: log).await(request, chatView)
            let page: (head: ShowChatProjection.Head, lines: [ShowChatProjection.Line], more: Bool)
            do {
                page = try ShowChatProjection.page(of: show, before: before, limit: limit, from: store)
            } catch {
                throw APIError.storeUnavailable()
            }
            return ChatPage(show: show, page: page, for: member, position: chatView.position.rawValue)
        }
        router.post("api/event/:eventId/chat") { request, context -> EditedResponse<Posted> in
            let show = ShowID(try context.parameters.id("eventId"))
            let member = try await member(request, show)
            let body = try await request.json(PostBody.self)
            // Failures are `AppFailure`s, which the error middleware maps (`ErrorMapping.swift`).
            let posted = try await chat.post(body.text, by: member, in: show, now: .now())
            return EditedResponse(status: .created, response: Posted(number: posted.number, position: posted.position.rawValue))
        }
        router.post("api/organizer/events/:eventId/chat/:number/hide") { request, context in
            let (show, organizer) = try await organizer(request, context)
            guard let number = context.parameters.get("number").flatMap(Int.init), number >= 1 else {
                throw APIError.invalidId("field number must be a message number (1 or more)")
            }
            return try await moderate(.hide(number), by: organizer, show)
        }
        router.post("api/organizer/events/:eventId/chat/mute") { request, context in
            let (show, organizer) = try await organizer(request, context)
            let body = try await request.json(MuteBody.self)
            return try await moderate(.mute(try CustomerID(field: "customerId", body.customerId)), by: organizer, show)
        }
        router.delete("api/organizer/events/:eventId/chat/mute/:customerId") { request, context in
            let (show, organizer) = try await organizer(request, context)
            return try await moderate(.unmute(CustomerID(try context.parameters.id("customerId"))), by: organizer, show)
        }
    }

    private func member(_ request: Request, _ show: ShowID) async throws -> EventChat.Member {
        let identity = try await request.identity(sessions)
        let actor = identity.actor
        return try await chat.member(actor, of: show)
    }

    /// The event's own organizer, checked before the body is read: another organizer learns nothing from a 400.
    private func organizer(_ request: Request, _ context: some RequestContext) async throws -> (ShowID, OrganizerID) {
        let organizer = OrganizerID(try await request.identity(sessions, as: .organizer).id)
        let show = ShowID(try context.parameters.id("eventId"))
        _ = try await chat.member(.organizer(organizer), of: show)
        return (show, organizer)
    }

    private func moderate(_ moderation: EventChat.Moderation, by organizer: OrganizerID, _ show: ShowID) async throws -> Moderated {
        Moderated(position: try await chat.moderate(moderation, by: organizer, in: show, now: .now())?.rawValue)
    }

    struct PostBody: Decodable {
        var text: String
    }

    struct MuteBody: Decodable {
        var customerId: String
    }

    struct Posted: ResponseEncodable {
        var number: Int
        var position: UInt64
    }

    struct Moderated: ResponseEncodable {
        /// What the moderation wrote; `null` when it was so already.
        var position: UInt64?
    }
}
