import Domain
import EventSchema
import SwiftProtobuf

// The values many events share, to and from their messages in `schema/tktplz/events/v1/common.proto`. Sets and
// dictionaries are written sorted, so the same event is always the same bytes.

extension PBMoney {
    init(_ money: Money) {
        self.init()
        minor = money.minor
        currency = money.currency.rawValue
    }

    func decoded() throws(SchemaMismatch) -> Money {
        // Every amount has a currency: an empty one is a missing field, not a free ticket.
        guard !currency.isEmpty else { throw SchemaMismatch("an amount has no currency") }
        return Money(minor: minor, currency: Currency(rawValue: currency))
    }
}

extension PBItems {
    init(_ items: Items) {
        self.init()
        switch items {
        case .seats(let seats):
            kind = .seats(PBSeatList.with { $0.seats = seats.map(\.rawValue).sorted() })
        case .tickets(let counts):
            kind = .tickets(PBTicketCounts.with {
                $0.counts = counts.sorted { $0.key < $1.key }.map { category, count in
                    PBTicketCount.with {
                        $0.category = category.rawValue
                        $0.count = Int64(count)
                    }
                }
            })
        }
    }

    func decoded() throws(SchemaMismatch) -> Items {
        switch kind {
        case .seats(let list): return .seats(Set(list.seats.map(SeatID.init(rawValue:))))
        case .tickets(let list):
            var counts: [CategoryID: Int] = [:]
            counts.reserveCapacity(list.counts.count)
            for entry in list.counts { counts[CategoryID(entry.category)] = Int(entry.count) }
            return .tickets(counts)
        case nil: throw SchemaMismatch("items are neither seats nor tickets")
        }
    }
}

extension PBShowSchedule {
    init(_ schedule: ShowSchedule) {
        self.init()
        start = schedule.start.rawValue
        end = schedule.end.rawValue
    }

    var decoded: ShowSchedule { ShowSchedule(start: Instant(rawValue: start), end: Instant(rawValue: end)) }
}

extension PBRefundPolicy {
    init(_ policy: RefundPolicy) {
        self.init()
        refundable = policy.refundable
        deadlineMinutesBeforeStart = Int64(policy.deadlineMinutesBeforeStart)
        feesRefunded = policy.feesRefunded
    }

    var decoded: RefundPolicy {
        RefundPolicy(refundable: refundable, deadlineMinutesBeforeStart: Int(deadlineMinutesBeforeStart), feesRefunded: feesRefunded)
    }
}

extension PBPriceBreakdown {
    init(_ price: PriceBreakdown) {
        self.init()
        lines = price.lines.map { line in
            PBPriceLine.with {
                $0.item = line.item
                $0.unitPrice = PBMoney(line.unitPrice)
                $0.quantity = Int64(line.quantity)
                $0.feePerTicket = PBMoney(line.feePerTicket)
            }
        }
        base = PBMoney(price.base)
        fees = PBMoney(price.fees)
        tax = PBMoney(price.tax)
        total = PBMoney(price.total)
    }

    func decoded() throws(SchemaMismatch) -> PriceBreakdown {
        var decodedLines: [PriceBreakdown.Line] = []
        decodedLines.reserveCapacity(lines.count)
        for line in lines {
            decodedLines.append(PriceBreakdown.Line(item: line.item, unitPrice: try line.unitPrice.decoded(), quantity: Int(line.quantity),
                                                    feePerTicket: try line.feePerTicket.decoded()))
        }
        return PriceBreakdown(lines: decodedLines, base: try base.decoded(), fees: try fees.decoded(), tax: try tax.decoded(),
                              total: try total.decoded())
    }
}

extension PBActor {
    init(_ actor: Actor) {
        self.init()
        switch actor {
        case .organizer(let id): who = .organizer(id.rawValue)
        case .admin(let id): who = .admin(id.rawValue)
        case .customer(let id): who = .customer(id.rawValue)
        case .system: who = .system(true)
        }
    }

    func decoded() throws(SchemaMismatch) -> Actor {
        switch who {
        case .organizer(let id): .organizer(OrganizerID(id))
        case .admin(let id): .admin(AdminID(id))
        case .customer(let id): .customer(CustomerID(id))
        case .system: .system
        case nil: throw SchemaMismatch("an actor names nobody")
        }
    }
}

extension Actor {
    /// Whose personal data something this actor wrote is: the actor's id.
    var subject: String {
        switch self {
        case .organizer(let id): id.rawValue
        case .admin(let id): id.rawValue
        case .customer(let id): id.rawValue
        case .system: ""
        }
    }
}

/// A registration's participants with their answers sealed for the customer: the list keeps each participant's
/// fields (the show's form, not personal) with empty answers; the box holds the answers in the same order.
extension PBParticipantList {
    static func sealing(_ participants: [Participant], for customer: CustomerID) throws -> (list: PBParticipantList, personal: PBSealed) {
        var list = PBParticipantList.with { $0.participants = participants.map(PBParticipant.init) }
        var answers: [String] = []
        for index in list.participants.indices {
            for answer in list.participants[index].answers.indices {
                answers.append(list.participants[index].answers[answer].answer)
                list.participants[index].answers[answer].answer = ""
            }
        }
        return (list, try PersonalFields.seal(answers, for: customer.rawValue))
    }

    /// The participants of `list`, their answers read from `personal` when the list was sealed.
    func opened(_ personal: PBSealed?) throws -> [Participant] {
        guard let personal else { return participants.map(\.decoded) }
        let answers = try PersonalFields.open(personal, count: participants.reduce(0) { $0 + $1.answers.count })
        var next = answers.makeIterator()
        return participants.map { participant in
            var opened: [String: String] = [:]
            for entry in participant.answers { opened[entry.field] = next.next() }
            return Participant(answers: opened)
        }
    }
}

extension PBParticipant {
    init(_ participant: Participant) {
        self.init()
        answers = participant.answers.sorted { $0.key < $1.key }.map { field, answer in
            PBAnswer.with {
                $0.field = field
                $0.answer = answer
            }
        }
    }

    var decoded: Participant {
        var answers: [String: String] = [:]
        for entry in self.answers { answers[entry.field] = entry.answer }
        return Participant(answers: answers)
    }
}

extension Instant {
    /// An instant as the schema stores it: milliseconds since 1970.
    init(_ milliseconds: Int64) { self.init(rawValue: milliseconds) }
}
