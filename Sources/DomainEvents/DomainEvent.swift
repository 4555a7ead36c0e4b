public import Domain
public import EventStore

/// A record's domain event, whatever its aggregate: what a fold over the whole log switches on. A pass over many
/// records (a projection's batch, a rebuild's page) decodes each record once into this, and every fold reading the
/// record gets it typed, instead of each fold checking the stream's category and asking for the event again.
///
/// `indirect`: each event lives in a box of its own, so a copy is a reference count. Unboxed, this enum of enums was
/// too intricate for the compiler to copy inline: every copy (each fold of a rebuild's page takes one) called the
/// runtime's generic value witnesses, ~300 instructions (callgrind).
public indirect enum DomainEvent: Sendable {
    case show(Show.Event)
    case booking(Booking.Event)
    case payout(Payout.Event)
    case customer(Customer.Event)
    case organizer(Organizer.Event)
    case hall(Hall.Event)
    case screen(Screen.Event)
    case supportIssue(SupportIssue.Event)
    case webhook(Webhook.Event)
    case waitingList(WaitingList.Event)
    case saleQueue(SaleQueue.Event)
    case chat(ShowChat.Event)
    case adminInvite(AdminInvite.Event)
    case passcode(OneTimePasscode.Event)
    case session(Session.Event)
    case holdExpiryTimer(HoldExpiryTimer.Event)
    case showEndTimer(ShowEndTimer.Event)
    case queueTickTimer(QueueTickTimer.Event)
    case paymentCheckTimer(PaymentCheckTimer.Event)

    /// The event of `record`, or `nil` for a record outside the domain's categories or of a type its codec does not
    /// know. Through the cache of decoded events: a record this process wrote, or one another follower parsed, is
    /// not parsed again (what live followers use).
    public static func of(_ record: RecordedEvent) throws(EncodingFailure) -> DomainEvent? {
        guard let decoder = DomainEventDecoder.for(record.stream) else { return nil }
        return try decoder.cached(record)
    }

    /// The same without the cache, neither asking it nor filling it: for a pass that reads each record once (a
    /// rebuild), where the lookups and the insertions would cost more than they save.
    public static func decoded(_ record: RecordedEvent) throws(EncodingFailure) -> DomainEvent? {
        guard let decoder = DomainEventDecoder.for(record.stream) else { return nil }
        return try decoder.uncached(record)
    }
}

/// How one category's records become `DomainEvent`s.
struct DomainEventDecoder: Sendable {
    let cached: @Sendable (RecordedEvent) throws(EncodingFailure) -> DomainEvent?
    let uncached: @Sendable (RecordedEvent) throws(EncodingFailure) -> DomainEvent?

    init<C: ProtobufEvents & SendableMetatype>(_: C.Type, _ wrap: @escaping @Sendable (C.Event) -> DomainEvent) {
        cached = { record throws(EncodingFailure) in try EventEncoding.decode(C.self, record).map(wrap) }
        uncached = { record throws(EncodingFailure) in
            do {
                return try EventEncoding.decodePayload(C.self, type: record.type, record.payload).map(wrap)
            } catch {
                throw EncodingFailure(type: record.type, cause: error)
            }
        }
    }

    /// The decoder of `stream`'s records. A search of a short list rather than a dictionary: a category is a
    /// short string, compared in a word or two without building it, where hashing it cost a tenth of decoding a
    /// sale's record; the busiest categories come first.
    static func `for`(_ stream: StreamName) -> DomainEventDecoder? {
        let table = all
        for index in table.indices where stream.isIn(category: table[index].category) { return table[index].decoder }
        return nil
    }

    private static let all: [(category: String, decoder: DomainEventDecoder)] = [
        (Booking.category, DomainEventDecoder(Booking.self, DomainEvent.booking)),
        (Show.category, DomainEventDecoder(Show.self, DomainEvent.show)),
        (Payout.category, DomainEventDecoder(Payout.self, DomainEvent.payout)),
        (Customer.category, DomainEventDecoder(Customer.self, DomainEvent.customer)),
        (Organizer.category, DomainEventDecoder(Organizer.self, DomainEvent.organizer)),
        (Hall.category, DomainEventDecoder(Hall.self, DomainEvent.hall)),
        (Screen.category, DomainEventDecoder(Screen.self, DomainEvent.screen)),
        (SupportIssue.category, DomainEventDecoder(SupportIssue.self, DomainEvent.supportIssue)),
        (Webhook.category, DomainEventDecoder(Webhook.self, DomainEvent.webhook)),
        (WaitingList.category, DomainEventDecoder(WaitingList.self, DomainEvent.waitingList)),
        (SaleQueue.category, DomainEventDecoder(SaleQueue.self, DomainEvent.saleQueue)),
        (ShowChat.category, DomainEventDecoder(ShowChat.self, DomainEvent.chat)),
        (AdminInvite.category, DomainEventDecoder(AdminInvite.self, DomainEvent.adminInvite)),
        (OneTimePasscode.category, DomainEventDecoder(OneTimePasscode.self, DomainEvent.passcode)),
        (Session.category, DomainEventDecoder(Session.self, DomainEvent.session)),
        (HoldExpiryTimer.category, DomainEventDecoder(HoldExpiryTimer.self, DomainEvent.holdExpiryTimer)),
        (ShowEndTimer.category, DomainEventDecoder(ShowEndTimer.self, DomainEvent.showEndTimer)),
        (QueueTickTimer.category, DomainEventDecoder(QueueTickTimer.self, DomainEvent.queueTickTimer)),
        (PaymentCheckTimer.category, DomainEventDecoder(PaymentCheckTimer.self, DomainEvent.paymentCheckTimer)),
    ]

    /// The categories with a case (`DomainEventTests` holds them to `DomainCodecs`).
    static var categories: [String] { all.map(\.category) }
}
