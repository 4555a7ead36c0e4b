/// A venue: its name, city and screens, registered and run by admins. Deactivating or removing a hall is decided
/// here and, in the same commit, by each of its screens (closed or retired), which refuse while a show holds a
/// slot on them: the hall itself does not know the slots.
public enum Hall: Decider {
    public static let initialState = State()

    public enum Command: Sendable, Equatable {
        case register(name: String, city: String, address: String, by: AdminID)
        case addScreen(ScreenID, name: String)
        case setActive(Bool)
        case edit(name: String, city: String, address: String, by: AdminID)
        case remove(by: AdminID)
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyRegistered
        case noSuchHall
        case emptyName
        case screenNameTaken(String)
        /// Screens are added to active halls only: an inactive hall's screens are closed.
        case inactive
    }

    public struct State: Sendable, Equatable {
        public var name: String?
        public var city: String?
        public var address: String?
        public var screens: [ScreenID: String] = [:]
        public var active = false
        public var removed = false
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .register(name, city, address, admin):
            if state.name == name && state.city == city && state.address == address { return [] }
            guard state.name == nil else { throw .alreadyRegistered }
            guard !name.trimmed.isEmpty, !city.trimmed.isEmpty else { throw .emptyName }
            return [.registered(HallRegistered(name: name, city: city, address: address, by: admin))]
        case let .addScreen(screen, name):
            guard state.name != nil, !state.removed else { throw .noSuchHall }
            if state.screens[screen] == name { return [] }
            guard state.active else { throw .inactive }
            guard !name.trimmed.isEmpty else { throw .emptyName }
            guard !state.screens.values.contains(name) else { throw .screenNameTaken(name) }
            return [.screenAdded(HallScreenAdded(screen: screen, name: name))]
        case .setActive(let active):
            guard state.name != nil, !state.removed else { throw .noSuchHall }
            if state.active == active { return [] }
            return [.activeSet(HallActiveSet(active: active))]
        case let .edit(name, city, address, admin):
            guard state.name != nil, !state.removed else { throw .noSuchHall }
            if state.name == name && state.city == city && state.address == address { return [] }
            guard !name.trimmed.isEmpty, !city.trimmed.isEmpty else { throw .emptyName }
            return [.edited(HallEdited(name: name, city: city, address: address, by: admin))]
        case .remove(let admin):
            guard state.name != nil else { throw .noSuchHall }
            if state.removed { return [] }
            return [.removed(HallRemoved(by: admin))]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .registered(let registered):
            state.name = registered.name
            state.city = registered.city
            state.address = registered.address
            state.active = true
        case .screenAdded(let added): state.screens[added.screen] = added.name
        case .activeSet(let set): state.active = set.active
        case .edited(let edited):
            state.name = edited.name
            state.city = edited.city
            state.address = edited.address
        case .removed:
            state.removed = true
            state.active = false
        }
        return state
    }

    /// What happened to a hall: the storage contract of the `hall` stream category.
    public enum Event: Sendable, Equatable {
        case registered(HallRegistered)
        case screenAdded(HallScreenAdded)
        case activeSet(HallActiveSet)
        case edited(HallEdited)
        case removed(HallRemoved)
    }
}

public struct HallRegistered: Hashable, Sendable, Codable {
    public var name: String
    public var city: String
    public var address: String
    public var by: AdminID
    public init(name: String, city: String, address: String, by: AdminID) {
        self.name = name
        self.city = city
        self.address = address
        self.by = by
    }
}

public struct HallScreenAdded: Hashable, Sendable, Codable {
    public var screen: ScreenID
    public var name: String
    public init(screen: ScreenID, name: String) {
        self.screen = screen
        self.name = name
    }
}

public struct HallActiveSet: Hashable, Sendable, Codable {
    public var active: Bool
    public init(active: Bool) { self.active = active }
}

public struct HallEdited: Hashable, Sendable, Codable {
    public var name: String
    public var city: String
    public var address: String
    public var by: AdminID
    public init(name: String, city: String, address: String, by: AdminID) {
        self.name = name
        self.city = city
        self.address = address
        self.by = by
    }
}

public struct HallRemoved: Hashable, Sendable, Codable {
    public var by: AdminID
    public init(by: AdminID) { self.by = by }
}

// NOTE: stored type names and the category; renaming one orphans recorded events.
extension Hall: EventCodec {
    public static let category = "hall"

    public static func encode(_ event: Event) -> StoredEvent {
        switch event {
        case .registered(let payload): StoredEvent("HallRegistered", payload)
        case .screenAdded(let payload): StoredEvent("HallScreenAdded", payload)
        case .activeSet(let payload): StoredEvent("HallActiveSet", payload)
        case .edited(let payload): StoredEvent("HallEdited", payload)
        case .removed(let payload): StoredEvent("HallRemoved", payload)
        }
    }

    public static func decode(type: String, from decoder: any Decoder) throws -> Event? {
        switch type {
        case "HallRegistered": .registered(try HallRegistered(from: decoder))
        case "HallScreenAdded": .screenAdded(try HallScreenAdded(from: decoder))
        case "HallActiveSet": .activeSet(try HallActiveSet(from: decoder))
        case "HallEdited": .edited(try HallEdited(from: decoder))
        case "HallRemoved": .removed(try HallRemoved(from: decoder))
        default: nil
        }
    }
}
