public import Domain
public import DomainEvents
public import EventStore
public import Logging
public import Projections
public import ServiceLifecycle
import Synchronization

/// Follows the log and keeps waiting lists moving: an offered hold that is bought or ends unbought ends its offer,
/// and whatever frees seats or tickets on a show (a hold expired or let go, a refund's return, a larger inventory)
/// or adds someone to its list has what is free offered to the next in line. It reads the show as it is when it
/// acts, not as the record left it, so handling a page again after a crash offers only what is still free.
public struct WaitlistReactor: Service {
    // NOTE: checkpoint identity.
    public static let name = "reactor:waiting-lists"

    public let log: any EventLog
    public let store: ProjectionStore
    public let offers: WaitlistOffers
    public let logger: Logger

    /// The show events that end an offer or free something, by stored type: the others are not decoded.
    private static let showTypes: Set<String> = ["ItemsSold", "HoldReleased", "HoldExpired", "ItemsReturned", "ShowInventoryChanged"]

    /// Which shows have a waiting list: looked up once per show, then kept up to date by the joins this reactor
    /// reads (in log order, a show's first join comes before anything it must react to on that show). Without it a
    /// first start on a long log would read a list for every sale in it.
    private let lists = KnownLists()

    private final class KnownLists: Sendable {
        let known = Mutex<[ShowID: Bool]>([:])
    }

    public func run() async throws {
        try await CheckpointedFollower(name: Self.name, log: log, store: store).run { page in try await handle(page) }
    }

    /// Handles one page: offers ended in log order, then each show that freed something (or gained someone waiting)
    /// offers once.
    public func handle(_ page: [RecordedEvent], now: Instant = .now()) async throws {
        var freed: [ShowID] = []
        for record in page {
            if record.stream.isIn(category: WaitingList.category) {
                guard record.type == "WaitlistJoined" else { continue }
                let show = ShowID(record.stream.id)
                lists.known.withLock { $0[show] = true }
                freed.append(show)
                continue
            }
            guard record.stream.isIn(category: Show.category), Self.showTypes.contains(record.type) else { continue }
            let show = ShowID(record.stream.id)
            guard try await hasList(show), case .show(let event)? = try DomainEvent.of(record) else { continue }
            try await retryable {
                switch event {
                case .itemsSold(let sold): try await offers.end(sold.booking, on: show, taken: true, now: now)
                case .holdReleased(let released):
                    try await offers.end(released.booking, on: show, taken: false, now: now)
                    freed.append(show)
                case .holdExpired(let expired):
                    try await offers.end(expired.booking, on: show, taken: false, now: now)
                    freed.append(show)
                case .itemsReturned, .inventoryChanged: freed.append(show)
                default: break
                }
            }
        }
        var seen: Set<ShowID> = []
        for show in freed where seen.insert(show).inserted {
            let made = try await retryable { try await offers.offerFree(on: show, now: now) } ?? []
            for offer in made {
                logger.info("waiting list offer", metadata: ["show": "\(show)", "customer": "\(offer.customer)", "booking": "\(offer.booking)"])
            }
        }
    }

    private func hasList(_ show: ShowID) async throws -> Bool {
        if let known = lists.known.withLock({ $0[show] }) { return known }
        let found = try await retryable { try await offers.waiting(on: show) } ?? false
        lists.known.withLock { $0[show] = $0[show] ?? found }
        return found
    }

    /// A store that cannot be reached, as the log's own error: the follower handles the page again after a pause.
    /// Anything else the platform refuses is logged and passed over, as a timer's refused command is.
    private func retryable<T>(_ body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch let failure as AppFailure {
            if let unavailable = failure.unavailableStore { throw unavailable }
            logger.warning("waiting list step refused", metadata: ["reason": "\(failure)"])
            return nil
        }
    }

    public init(log: any EventLog, store: ProjectionStore, offers: WaitlistOffers, logger: Logger) {
        self.log = log
        self.store = store
        self.offers = offers
        self.logger = logger
    }
}
