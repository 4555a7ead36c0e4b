import Domain
import DomainEvents
import EventStore
import Projections

/// One show's room: who is in it, what the show's holds and sales are (to translate an expiry into the seats it
/// frees), and the recent messages a reconnecting client may have missed. Owned by the rooms' loop alone.
final class LiveRoom: Room {
    let show: String
    private(set) var availability = ShowAvailability()
    /// The last log position folded into this room.
    private(set) var position: UInt64 = 0
    private var history: RoomHistory
    /// Members by client id, each with the position it has already seen (it asked to resume after it).
    var members: [UInt64: (client: LiveClient, seenThrough: UInt64)] = [:]

    init(show: String, historyLimit: Int) {
        self.show = show
        history = RoomHistory(limit: historyLimit)
    }

    /// Folds one recorded show event; returns the frames it means, already encoded once for every member.
    func fold(_ event: Show.Event, at position: UInt64) -> [RoomMessageFrame] {
        guard position > self.position else { return [] }
        let frames = RoomMessage.messages(for: event, show: show, position: position, before: availability)
            .map { RoomMessageFrame(position: $0.position, text: $0.text) }
        ShowAvailabilityProjection.apply(event, to: &availability)
        self.position = position
        for frame in frames { history.remember(frame) }
        return frames
    }

    /// The remembered messages after `position`, or `nil` when some of them were already forgotten.
    func messages(after position: UInt64) -> [RoomMessageFrame]? { history.messages(after: position) }
}

/// A message as sent: its position (for resuming) and its encoded text.
struct RoomMessageFrame: Sendable {
    var position: UInt64
    var text: String
}
