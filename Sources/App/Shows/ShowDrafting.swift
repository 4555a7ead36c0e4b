public import Domain
public import DomainEvents
public import EventStore

/// A new show, drafted in one commit with the slot it takes on its screen: the screen decides the slot (the clash
/// rule), the show decides its draft, and both are written together or not at all. Before, the slot was reserved
/// first and a crash before the draft left a screen slot held by a show that does not exist.
public struct ShowDrafting: Sendable {
    public let shows: CommandHandler<Show>
    public let screens: CommandHandler<Screen>

    public init(shows: CommandHandler<Show>, screens: CommandHandler<Screen>) {
        self.shows = shows
        self.screens = screens
    }

    /// Drafts `show`; returns where its last event landed.
    public func draft(_ configuration: ShowConfiguration, as show: ShowID) async throws(AppFailure) -> GlobalPosition? {
        let showStream: StreamName
        let screenStream: StreamName?
        do {
            showStream = try Show.stream(show)
            screenStream = try configuration.details.screen.map { screen throws(EventStoreError) in try Screen.stream(screen.screen) }
        } catch {
            throw .notFound("event \(show)")
        }
        // The screen's slot is decided first, then the show's draft commits with it; if the screen's stream moved
        // in between (another show took a slot), the expected version fails and both are decided again.
        for _ in 0..<3 {
            var slot: PreparedAppend<Screen.Event>?
            if let screenStream {
                do {
                    slot = try await screens.prepareAppend(.reserveSlot(show: show, schedule: configuration.schedule), on: screenStream)
                } catch {
                    throw AppFailure(error)
                }
            }
            let outcome: CommandOutcome<Show.Event>
            let alongside: [Appended]
            let slotAppend = slot?.append
            do {
                (outcome, alongside) = try await shows.handle(.draft(configuration), on: showStream) { _, _ in
                    LogTransaction(appends: slotAppend.map { [$0] } ?? [])
                }
            } catch {
                if case .tooManyConflicts = error, slot != nil { continue }
                throw AppFailure(error, show: show)
            }
            if let slot, !alongside.isEmpty { await screens.adopt(slot) }
            return ([outcome.lastPosition] + alongside.map(\.lastPosition)).compactMap { $0 }.max()
        }
        throw .busy("the screen's slots are changing quickly")
    }
}

extension AppFailure {
    /// A failed screen command.
    public init(_ failure: CommandFailure<Screen.Rejection>) {
        switch failure {
        case .rejected(.slotTaken(let other, let from, let until)): self = .slotTaken(by: other, from: from, until: until)
        case .rejected(let rejection): self = .screenRefused(rejection)
        case .tooManyConflicts: self = .busy("the screen's slots are changing quickly")
        case .store, .encoding, .alongside: self = .storeUnavailable
        }
    }
}
