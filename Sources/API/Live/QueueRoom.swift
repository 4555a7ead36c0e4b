import Domain
import Foundation

/// One show's on-sale queue room: its members learn, once a second while it admits, how many have been admitted and
/// how many wait, from which each works out their own place (`place` from `GET /api/queue/:eventId`, less those
/// admitted) and wait. Arrivals change no frame of their own: a rush of thousands would otherwise send every member
/// a message per arrival. Public, as the counts are. Owned by the rooms' loop alone, like `LiveRoom`.
final class QueueRoom: Room {
    let show: String
    private(set) var position: UInt64 = 0
    private var history: RoomHistory
    var members: [UInt64: (client: LiveClient, seenThrough: UInt64)] = [:]
    private var opened = false
    private var arrivals = 0
    private var admitted = 0
    private var admitPerMinute = 0

    init(show: String, historyLimit: Int) {
        self.show = show
        history = RoomHistory(limit: historyLimit)
    }

    /// Folds one queue event; the opening and each admission make a `queue-status` frame.
    func fold(_ event: SaleQueue.Event, at position: UInt64) -> [RoomMessageFrame] {
        guard position > self.position else { return [] }
        self.position = position
        switch event {
        case .configured(let configured):
            admitPerMinute = configured.settings.admitPerMinute
            return []
        case .arrived:
            arrivals += 1
            return []
        case .opened:
            opened = true
        case .admitted(let batch):
            admitted += batch.customers.count
        }
        let frame = RoomMessageFrame(position: position, text: FrameText.of(Status(
            type: "queue-status", eventId: show, position: position, opened: opened, admitted: admitted,
            waiting: opened ? arrivals - admitted : arrivals, admitPerMinute: admitPerMinute)))
        history.remember(frame)
        return [frame]
    }

    func messages(after position: UInt64) -> [RoomMessageFrame]? { history.messages(after: position) }

    private struct Status: Encodable {
        var type: String
        var eventId: String
        var position: UInt64
        var opened: Bool
        var admitted: Int
        var waiting: Int
        var admitPerMinute: Int
    }
}
