public import Domain
public import DomainEvents
public import EventStore

/// Deactivating, reactivating and removing a hall: the hall's event and each of its screens' (closed, reopened,
/// retired) commit together. The screens decide, because they hold the slots: a screen with a show's slot on it
/// refuses to close or go, and a closed screen refuses new slots, so no show can slip onto a hall between the check
/// and the change (a show taking a slot moves the screen's stream, the expected version fails, all is decided
/// again and the screen then names the show).
public struct HallChanges: Sendable {
    public let halls: CommandHandler<Hall>
    public let screens: CommandHandler<Screen>

    public init(halls: CommandHandler<Hall>, screens: CommandHandler<Screen>) {
        self.halls = halls
        self.screens = screens
    }

    /// Activates or deactivates `hall`; returns where its last event landed (`nil`: nothing to change).
    public func setActive(_ active: Bool, _ hall: HallID) async throws(AppFailure) -> GlobalPosition? {
        try await change(hall, .setActive(active), screens: .setOpen(active))
    }

    /// Removes `hall` and retires its screens.
    public func remove(_ hall: HallID, by admin: AdminID) async throws(AppFailure) -> GlobalPosition? {
        try await change(hall, .remove(by: admin), screens: .retire)
    }

    private func change(_ hall: HallID, _ command: Hall.Command, screens screenCommand: Screen.Command) async throws(AppFailure) -> GlobalPosition? {
        let hallStream: StreamName
        do { hallStream = try Hall.stream(hall) } catch { throw .notFound("hall \(hall)") }
        for _ in 0..<3 {
            let state = try await halls.currentState(of: hallStream)
            guard state.name != nil else { throw .notFound("hall \(hall)") }
            // A removed hall is gone: removing it again changes nothing, anything else finds no hall.
            if state.removed {
                if case .remove = command { return nil }
                throw .notFound("hall \(hall)")
            }
            var prepared: [PreparedAppend<Screen.Event>] = []
            for screen in state.screens.keys.sorted() {
                do {
                    if let append = try await screens.prepareAppend(screenCommand, on: try Screen.stream(screen)) { prepared.append(append) }
                } catch let failure as CommandFailure<Screen.Rejection> {
                    throw AppFailure(failure)
                } catch {
                    throw .notFound("screen \(screen)")
                }
            }
            let appends = prepared.map(\.append)
            let outcome: CommandOutcome<Hall.Event>
            let alongside: [Appended]
            do {
                (outcome, alongside) = try await halls.handle(command, on: hallStream) { _, _ in LogTransaction(appends: appends) }
            } catch {
                // A screen moved (or the hall gained one) since they were decided: decide everything again.
                if case .tooManyConflicts = error { continue }
                throw AppFailure(hall: error)
            }
            if !alongside.isEmpty { for append in prepared { await screens.adopt(append) } }
            return ([outcome.lastPosition] + alongside.map(\.lastPosition)).compactMap { $0 }.max()
        }
        throw .busy("the hall's screens are changing quickly")
    }
}

extension AppFailure {
    /// A failed hall command.
    public init(hall failure: CommandFailure<Hall.Rejection>) {
        switch failure {
        case .rejected(let rejection): self = .hall(rejection)
        case .tooManyConflicts: self = .busy("the hall is changing quickly")
        case .store, .encoding, .alongside: self = .storeUnavailable
        }
    }
}
