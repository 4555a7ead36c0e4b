public import Domain
public import DomainEvents
public import EventStore

/// The halls, for listing them: name, city, address, whether active, and their screens by name. A screen's layout
/// and slots stay in its own stream (they decide things); this only says what exists.
public struct HallsProjection: Projection {
    public struct View: Codable, Sendable, Equatable {
        public var name: String
        public var city: String
        public var address: String
        public var active: Bool
        public var screens: [ScreenID: String]
    }

    // NOTE: checkpoint identity; renaming it orphans the checkpoint and rebuilds under the new name.
    public static let name = "halls"
    /// 2: views compact-encoded instead of JSON.
    public static let version = 2

    public init() {}

    public func fold(_ record: RecordedEvent, _ event: DomainEvent?, into views: ViewBatch<View>) throws {
        guard case .hall(let event)? = event else { return }
        try views.update(record.stream.id) { view in
            switch event {
            case .registered(let registered):
                view = View(name: registered.name, city: registered.city, address: registered.address, active: true, screens: [:])
            case .screenAdded(let added):
                view?.screens[added.screen] = added.name
            case .activeSet(let set):
                view?.active = set.active
            case .edited(let edited):
                view?.name = edited.name
                view?.city = edited.city
                view?.address = edited.address
            case .removed:
                view = nil
            }
        }
    }
}
