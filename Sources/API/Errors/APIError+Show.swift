import Domain
import Hummingbird

extension APIError {
    /// The one mapping of show rejections to HTTP: 404 unknown, 409 taken, 422 a rule says no, 400 bad references.
    init(show rejection: Show.Rejection, id: String) {
        switch rejection {
        case .noSuchShow:
            self = .notFound("event \(id)")
        case .seatsUnavailable(let seats):
            self.init(.conflict, code: "seats_unavailable", "seats \(Self.list(seats.map(\.rawValue))) are held or sold; nothing was held")
        case .ticketsUnavailable(let available):
            let detail = available.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) left" }.joined(separator: ", ")
            self.init(.conflict, code: "tickets_unavailable", "not enough tickets (\(detail)); nothing was held")
        case .itemsNoLongerAvailable:
            self.init(.conflict, code: "items_unavailable", "the items were taken after the hold ended")
        case .unknownSeats(let seats):
            self.init(.badRequest, code: "unknown_seats", "seats \(Self.list(seats.map(\.rawValue))) are not in this event's layout")
        case .unknownCategories(let categories):
            self.init(.badRequest, code: "unknown_categories", "categories \(Self.list(categories.map(\.rawValue))) do not exist for this event")
        case .emptyRequest:
            self.init(.badRequest, code: "invalid_body", "ask for at least one seat or ticket, with counts above zero")
        case .wrongKindOfRequest:
            self.init(.badRequest, code: "invalid_body", "this kind of event is booked with \(id.isEmpty ? "another" : "a different") field (seats, tickets or participants)")
        case let .tooManyTickets(requested, limit):
            self.init(.unprocessableContent, code: "too_many_tickets", "\(requested) tickets asked for; at most \(limit) per order")
        case .notOnSale(let status):
            self.init(.unprocessableContent, code: "not_on_sale", "event \(id) is not on sale (it is \(status.rawValue))")
        case .bookingClosed(let closedAt):
            self.init(.unprocessableContent, code: "booking_closed", "booking for event \(id) closed at \(closedAt.rawValue) ms since 1970")
        case .invalidRegistration(.alreadyRegistered(let limit)):
            self.init(.conflict, code: "already_registered",
                      "you already have \(limit == 1 ? "a registration" : "\(limit) registrations, the most") for event \(id)")
        case .invalidRegistration(let problem):
            self.init(.unprocessableContent, code: "invalid_registration", "the registration does not fit the form: \(problem.message)")
        case .bookingAlreadyUsed, .notYourHold:
            self.init(.conflict, code: "booking_conflict", "that booking belongs to another hold")
        case .showCancelled:
            self.init(.unprocessableContent, code: "event_cancelled", "event \(id) was cancelled")
        case .wouldStrandTickets(let what):
            self.init(.unprocessableContent, code: "would_strand_tickets", "the change was refused: \(what)")
        case .invalidConfiguration(let problem):
            self.init(.unprocessableContent, code: "invalid_configuration", "the event's configuration was refused: \(problem)")
        case .alreadyDrafted, .notTheOrganizer, .invalidSchedule, .wrongStatus, .showNotOver:
            self.init(.unprocessableContent, code: "rule_violated", "\(rejection)")
        }
    }

    static func list(_ items: [String]) -> String { items.sorted().joined(separator: ", ") }
}

extension RegistrationProblem {
    /// Participants are numbered from 1, as a person counts them.
    var message: String {
        switch self {
        case .teamSize(let size, let allowed):
            "a team has \(allowed.lowerBound) to \(allowed.upperBound) participants, not \(size)"
        case .missingAnswer(let participant, let field):
            "participant \(participant + 1) has no answer for the required field \(field)"
        case .answerNotAnOption(let participant, let field):
            "participant \(participant + 1) answered field \(field) with something that is not one of its options"
        case .unknownField(let field):
            "the form has no field \(field)"
        case let .answerTooLong(participant, field, limit):
            "participant \(participant + 1)'s answer for field \(field) is longer than \(limit) characters"
        case .alreadyRegistered(let limit):
            "the customer already has \(limit) registration\(limit == 1 ? "" : "s"), the most this event allows"
        }
    }
}
