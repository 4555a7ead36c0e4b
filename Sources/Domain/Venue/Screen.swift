/// One screen of a hall: its seat layout and the slots seated shows occupy on it. A show occupies its slot plus
/// a one-hour turnaround after it; overlapping slots are refused. The original checked clashes against every
/// seated show on the screen whatever its status; here cancelled and rejected shows release their slot.
public enum Screen: Decider {
    public static let initialState = State()
    /// Cleaning and changeover after each show.
    public static let turnaround = Duration.hours(1)

    public enum Command: Sendable, Equatable {
        case register(hall: HallID, name: String)
        /// Sets the layout; only while no live show occupies the screen.
        case defineLayout(SeatLayout)
        /// A seated show takes its slot (or moves it, when re-timed).
        case reserveSlot(show: ShowID, schedule: ShowSchedule)
        /// The show was cancelled, rejected or has ended: its slot is free.
        case releaseSlot(show: ShowID)
        /// Closed screens take no new slots (their hall is inactive); closing is refused while a show holds one.
        case setOpen(Bool)
        /// The screen goes with its removed hall; refused while a show holds a slot.
        case retire
    }

    public enum Rejection: Error, Equatable, Sendable {
        case alreadyRegistered
        case noSuchScreen
        case invalidLayout(String)
        case noLayout
        /// Live shows use the layout; it can change once they end or are cancelled.
        case layoutInUse(Set<ShowID>)
        case invalidSchedule
        /// The slot (with turnaround) overlaps another show's.
        case slotTaken(by: ShowID, from: Instant, until: Instant)
        /// Shows hold slots on the screen, so it cannot close or go.
        case slotsHeld(Set<ShowID>)
        /// The screen's hall is inactive.
        case closed
    }

    public struct State: Sendable, Equatable {
        public var hall: HallID?
        public var name: String?
        public var layout: SeatLayout?
        /// Occupied slots: each show's start and end (turnaround not included).
        public var slots: [ShowID: ShowSchedule] = [:]
        public var open = true
        public var retired = false
        public init() {}
    }

    public static func decide(_ command: Command, _ state: State) throws(Rejection) -> [Event] {
        switch command {
        case let .register(hall, name):
            if state.hall == hall && state.name == name { return [] }
            guard state.hall == nil else { throw .alreadyRegistered }
            return [.registered(ScreenRegistered(hall: hall, name: name))]
        case .defineLayout(let layout):
            guard state.hall != nil, !state.retired else { throw .noSuchScreen }
            if state.layout == layout { return [] }
            if let problem = layout.problem { throw .invalidLayout(problem) }
            guard state.slots.isEmpty else { throw .layoutInUse(Set(state.slots.keys)) }
            return [.layoutDefined(LayoutDefined(layout: layout))]
        case let .reserveSlot(show, schedule):
            guard state.hall != nil, !state.retired else { throw .noSuchScreen }
            guard state.open else { throw .closed }
            guard state.layout != nil else { throw .noLayout }
            guard schedule.start < schedule.end else { throw .invalidSchedule }
            if state.slots[show] == schedule { return [] }
            for (other, taken) in state.slots.sorted(by: { $0.key < $1.key }) where other != show {
                let takenUntil = taken.end.adding(turnaround)
                if schedule.start < takenUntil && schedule.end.adding(turnaround) > taken.start {
                    throw .slotTaken(by: other, from: taken.start, until: takenUntil)
                }
            }
            return [.slotReserved(SlotReserved(show: show, schedule: schedule))]
        case .releaseSlot(let show):
            guard state.slots[show] != nil else { return [] }
            return [.slotReleased(SlotReleased(show: show))]
        case .setOpen(let open):
            guard state.hall != nil, !state.retired else { throw .noSuchScreen }
            if state.open == open { return [] }
            guard open || state.slots.isEmpty else { throw .slotsHeld(Set(state.slots.keys)) }
            return [.openSet(ScreenOpenSet(open: open))]
        case .retire:
            guard state.hall != nil else { throw .noSuchScreen }
            if state.retired { return [] }
            guard state.slots.isEmpty else { throw .slotsHeld(Set(state.slots.keys)) }
            return [.retired(ScreenRetired())]
        }
    }

    public static func evolve(_ state: State, _ event: Event) -> State {
        var state = state
        switch event {
        case .registered(let registered):
            state.hall = registered.hall
            state.name = registered.name
        case .layoutDefined(let defined): state.layout = defined.layout
        case .slotReserved(let reserved): state.slots[reserved.show] = reserved.schedule
        case .slotReleased(let released): state.slots.removeValue(forKey: released.show)
        case .openSet(let set): state.open = set.open
        case .retired:
            state.retired = true
            state.open = false
        }
        return state
    }
}
