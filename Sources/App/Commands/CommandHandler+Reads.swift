public import EventStore

extension CommandHandler {
    /// The stream's current state; a store failure is `.storeUnavailable`.
    public func currentState(of stream: StreamName) async throws(AppFailure) -> D.State {
        do {
            return try await state(of: stream)
        } catch {
            throw .storeUnavailable
        }
    }
}
