import App
import Domain
import EventStore

extension CommandHandler {
    /// The stream's current state for a route: a store failure is the one 503 every route answers with.
    func currentState(of stream: StreamName) async throws(APIError) -> D.State {
        do {
            return try await state(of: stream)
        } catch {
            throw APIError.storeUnavailable()
        }
    }
}
