public import Domain
public import DomainEvents
public import EventStore

/// Ends a hold on both of its sides in one commit: the show frees exactly the items the booking held, and the
/// booking records why (let go, expired). Neither change is ever visible without the other, so no customer is
/// refused seats that a released booking no longer holds.
public struct HoldEnding: Sendable {
    public let log: any EventLog
    public let shows: CommandHandler<Show>
    public let bookings: CommandHandler<Booking>

    /// Why a hold could not be ended.
    public enum Failure: Error {
        /// The booking refused (not the caller's, another show's, not a hold any more); nothing was written.
        case booking(CommandFailure<Booking.Rejection>)
        /// The show refused or its stream kept changing; nothing was written.
        case show(CommandFailure<Show.Rejection>)
        /// The log failed; nothing of it is durable.
        case store(EventStoreError)
    }

    /// Decides `bookingCommand` first (it knows whose booking it is and for which show), then `showCommand`, and
    /// writes both together, with `schedules` (a payment check for an order still open). Returns where the last
    /// event landed, or `nil` when both had already taken effect.
    public func end(
        _ booking: BookingID, of show: ShowID, bookingCommand: Booking.Command, showCommand: Show.Command,
        schedules: [ScheduledEvent] = []
    ) async throws(Failure) -> GlobalPosition? {
        // An id no stream can have names nothing that exists.
        guard let bookingStream = try? Booking.stream(booking) else {
            throw .booking(.rejected(.noSuchBooking))
        }
        guard let showStream = try? Show.stream(show) else { throw .show(.rejected(.noSuchShow)) }
        // A booking changed between its decision and the commit (a payment racing the release) is decided again.
        for _ in 0..<3 {
            let prepared: PreparedAppend<Booking.Event>?
            do {
                prepared = try await bookings.prepareAppend(bookingCommand, on: bookingStream)
            } catch {
                throw .booking(error)
            }
            let outcome: CommandOutcome<Show.Event>
            let alongside: [Appended]
            do {
                (outcome, alongside) = try await shows.handle(showCommand, on: showStream) { _, _ in
                    LogTransaction(appends: prepared.map { [$0.append] } ?? [], schedules: prepared == nil ? [] : schedules)
                }
            } catch {
                if case .tooManyConflicts = error, prepared != nil { continue }
                throw .show(error)
            }
            guard let prepared else { return outcome.lastPosition }
            if outcome.lastPosition != nil {
                await bookings.adopt(prepared)
                return ([outcome.lastPosition] + alongside.map(\.lastPosition)).compactMap { $0 }.max()
            }
            // The show had nothing to end (the items were already free): the booking's change goes alone.
            let result: TransactionResult
            do {
                result = try await log.append(LogTransaction(appends: [prepared.append], schedules: schedules))
            } catch {
                throw .store(error)
            }
            guard case .appended = result else { continue }
            await bookings.adopt(prepared)
            return result.lastPosition
        }
        throw .booking(.tooManyConflicts(bookingStream))
    }

    public init(log: any EventLog, shows: CommandHandler<Show>, bookings: CommandHandler<Booking>) {
        self.log = log
        self.shows = shows
        self.bookings = bookings
    }
}
