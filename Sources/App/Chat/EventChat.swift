public import Domain
public import DomainEvents
public import EventStore
public import Projections

/// A show's chat as the application runs it: who may read and post (the show's ticket holders, the show's own
/// organizer), under which name (a customer's profile name, never an e-mail address), and the organizer's
/// moderation. The rules of a message itself are `ShowChat`'s.
public struct EventChat: Sendable {
    let store: ProjectionStore
    let shows: CommandHandler<Show>
    let customers: CommandHandler<Customer>
    let chats: CommandHandler<ShowChat>

    public init(store: ProjectionStore, shows: CommandHandler<Show>, customers: CommandHandler<Customer>, chats: CommandHandler<ShowChat>) {
        self.store = store
        self.shows = shows
        self.customers = customers
        self.chats = chats
    }

    /// Who is in a show's chat.
    public enum Member: Sendable, Equatable {
        case customer(CustomerID)
        case organizer(OrganizerID)

        public var actor: Actor {
            switch self {
            case .customer(let id): .customer(id)
            case .organizer(let id): .organizer(id)
            }
        }
    }

    /// `actor` as a member of `show`'s chat, or why not: the show's own organizer, or a customer with a confirmed
    /// booking of it that was not refunded.
    public func member(_ actor: Actor, of show: ShowID) async throws(AppFailure) -> Member {
        let state: Show.State
        do {
            state = try await shows.state(of: try Show.stream(show))
        } catch {
            throw .storeUnavailable
        }
        guard let configuration = state.configuration, state.status != .none, state.status != .draft else {
            throw .notFound("event \(show)")
        }
        switch actor {
        case .organizer(let organizer):
            guard organizer == configuration.organizer else { throw .notInChat("only the event's own organizer and its ticket holders are in its chat") }
            return .organizer(organizer)
        case .customer(let customer):
            guard try holdsATicket(customer, for: show) else {
                throw .notInChat("the chat of event \(show) is for its ticket holders: book a ticket first")
            }
            return .customer(customer)
        case .admin, .system:
            throw .notInChat("only the event's organizer and its ticket holders are in its chat")
        }
    }

    /// Posts `text` as `member`; returns the message's number and position.
    public func post(_ text: String, by member: Member, in show: ShowID, now: Instant) async throws(AppFailure) -> (number: Int, position: GlobalPosition) {
        let name = try await shownName(of: member)
        let outcome = try await run(.post(by: member.actor, name: name, text: ChatText.redactingEmailAddresses(text), now: now), show)
        guard case .appended(let events, let appended) = outcome, case .posted(let posted)? = events.first else {
            throw .bug("a chat post appended nothing")
        }
        return (posted.number, appended.lastPosition)
    }

    /// The organizer's moderation of their show's chat; the position of what it wrote (`nil`: it was so already).
    public func moderate(_ command: Moderation, by organizer: OrganizerID, in show: ShowID, now: Instant) async throws(AppFailure) -> GlobalPosition? {
        guard try await member(.organizer(organizer), of: show) == .organizer(organizer) else { throw .notInChat("not the event's organizer") }
        let decided: ShowChat.Command = switch command {
        case .hide(let number): .hide(message: number, by: organizer, now: now)
        case .mute(let customer): .mute(customer, by: organizer, now: now)
        case .unmute(let customer): .unmute(customer, by: organizer, now: now)
        }
        guard case .appended(_, let appended) = try await run(decided, show) else { return nil }
        return appended.lastPosition
    }

    public enum Moderation: Sendable {
        case hide(Int)
        case mute(CustomerID)
        case unmute(CustomerID)
    }

    private func run(_ command: ShowChat.Command, _ show: ShowID) async throws(AppFailure) -> CommandOutcome<ShowChat.Event> {
        do {
            return try await chats.handle(command, on: try ShowChat.stream(show))
        } catch let failure as CommandFailure<ShowChat.Rejection> {
            switch failure {
            case .rejected(let rejection): throw .chat(rejection)
            case .tooManyConflicts: throw .busy("the chat of event \(show) is busy")
            case .store, .encoding, .alongside: throw .storeUnavailable
            }
        } catch {
            throw .storeUnavailable
        }
    }

    private func holdsATicket(_ customer: CustomerID, for show: ShowID) throws(AppFailure) -> Bool {
        do {
            let bookings = try CustomerBookingsProjection.bookings(of: customer, from: store)
            let summaries = try store.views(BookingSummaryProjection.self, keys: bookings.map(\.rawValue))
            return summaries.contains { summary in
                guard let summary, summary.show == show, summary.status == .confirmed else { return false }
                // A refund asked for or paid ends the ticket; one that failed leaves it valid.
                return summary.refund == nil || summary.refund?.status == "failed"
            }
        } catch {
            throw .storeUnavailable
        }
    }

    /// The name others see: the customer's profile name (an address typed as a name is not shown), or "Organizer".
    private func shownName(of member: Member) async throws(AppFailure) -> String {
        switch member {
        case .organizer: return "Organizer"
        case .customer(let customer):
            let name: String?
            do {
                name = try await customers.state(of: try Customer.stream(customer)).name
            } catch {
                throw .storeUnavailable
            }
            guard let name, name.contains(where: { !$0.isWhitespace }), !name.contains("@") else { return "Ticket holder" }
            return name
        }
    }
}
