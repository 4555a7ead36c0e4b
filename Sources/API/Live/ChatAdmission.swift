import App
import Domain

/// Who may join a show's chat room live (`join-chat` on `/ws` or Socket.IO): the holder of a valid session that
/// `EventChat` counts as a member (a ticket holder, the show's organizer). The token is the message's, else the
/// connection's (the cookie of its upgrade, or Socket.IO's `auth`).
struct ChatAdmission: Sendable {
    /// Why `token` may not join `show`'s chat (an error code and message), or `nil` when it may.
    let refusal: @Sendable (_ token: String?, _ show: String) async -> (code: String, message: String)?

    func refusal(token: String?, show: String) async -> (code: String, message: String)? { await refusal(token, show) }

    init(_ refusal: @escaping @Sendable (_ token: String?, _ show: String) async -> (code: String, message: String)?) {
        self.refusal = refusal
    }

    init(sessions: SessionSigner, chat: EventChat) {
        refusal = { token, show in
            guard let token else {
                return ("no_session", "a chat is for its members: sign in (send token, or connect with the session cookie)")
            }
            let identity: Identity
            do {
                identity = try await sessions.verify(token)
            } catch let refused as APIError {
                return (refused.code, refused.message)
            } catch {
                return ("invalid_session", "the session cannot be checked")
            }
            let actor = identity.actor
            do {
                _ = try await chat.member(actor, of: ShowID(show))
                return nil
            } catch let failure as AppFailure {
                let refused = APIError(failure)
                return (refused.code, refused.message)
            } catch {
                return ("unavailable", "the chat cannot be checked now; try again")
            }
        }
    }
}
