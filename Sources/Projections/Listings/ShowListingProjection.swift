public import Domain
public import DomainEvents
public import EventStore

/// Folds a show's lifecycle and details into its `ShowListing`, and its customers' likes into its count; holds and
/// sales leave it alone, so an on-sale rush never rewrites the listings.
public struct ShowListingProjection: Projection {
    public typealias View = ShowListing
    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "show-listings"
    /// 2: views compact-encoded instead of JSON. 3: like counts.
    public static let version = 3

    public init() {}

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<ShowListing>) throws {
        switch event {
        case .customer(.liked(let liked))?: return try Self.count(liked.show, +1, views)
        case .customer(.unliked(let unliked))?: return try Self.count(unliked.show, -1, views)
        default: break
        }
        guard case .show(let event)? = event,
              Self.changesListing(event)
        else { return }
        let id = record.stream.id
        try views.update(id) { view in Self.apply(event, show: id, to: &view) }
    }

    /// A like or unlike of `show` (the customer's decider counts each customer once); none for a show never drafted.
    static func count(_ show: ShowID, _ change: Int, _ views: ViewBatch<ShowListing>) throws {
        try views.update(show.rawValue) { view in
            guard var listing = view else { return }
            listing.likes = max(0, listing.likes + change)
            view = listing
        }
    }

    /// Whether `event` can change a listing (holds and sales cannot).
    public static func changesListing(_ event: Show.Event) -> Bool {
        switch event {
        case .itemsHeld, .holdReleased, .holdExpired, .itemsSold, .itemsReturned, .refundPolicyChanged, .cutoffChanged, .loneSeatRuleChanged: false
        default: true
        }
    }

    /// The fold itself, pure.
    public static func apply(_ event: Show.Event, show id: String, to view: inout ShowListing?) {
        if case .drafted(let drafted) = event {
            view = ShowListing(id: id, configuration: drafted.configuration)
            return
        }
        guard var listing = view else { return }
        switch event {
        case .detailsEdited(let edited): listing.details = edited.details
        case .rescheduled(let rescheduled): listing.schedule = rescheduled.schedule
        case .inventoryChanged(let changed): listing.price(changed.inventory)
        case .submitted: listing.status = .submitted
        case .approved: listing.status = .approved
        case .rejected: listing.status = .rejected
        case .cancelled: listing.status = .cancelled
        case .ended: listing.status = .ended
        case .drafted, .itemsHeld, .holdReleased, .holdExpired, .itemsSold, .itemsReturned, .refundPolicyChanged, .cutoffChanged, .loneSeatRuleChanged: break
        }
        view = listing
    }
}
