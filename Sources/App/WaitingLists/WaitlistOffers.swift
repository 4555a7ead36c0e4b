public import Domain
public import DomainEvents
public import EventStore
import Synchronization

/// Offers what a show has free to those on its waiting list, and ends offers: each offer is a hold the platform
/// makes in the customer's name (the best seats, or the tickets, the customer wished for), written in one commit
/// with the list's `WaitlistOffered`. The show's hold decision keeps any seat from being offered twice; the list's
/// expected version keeps two offers (from two nodes, or two passes) from being written for one customer.
public struct WaitlistOffers: Sendable {
    public let holds: HoldProcess
    public let lists: CommandHandler<WaitingList>

    /// The most offers one call makes: a show that frees more waits for the next freeing (or join) to offer the
    /// rest, so one call never runs unbounded.
    public static let mostOffersAtOnce = 50

    public struct Made: Sendable, Equatable {
        public var customer: CustomerID
        public var booking: BookingID
    }

    /// Offers what `show` has free to those waiting, first in line first (`WaitingList.State.candidates`), until
    /// nothing free meets anyone's wish.
    public func offerFree(on show: ShowID, now: Instant) async throws -> [Made] {
        let stream = try WaitingList.stream(show)
        var made: [Made] = []
        offering: while made.count < Self.mostOffersAtOnce {
            let list = try await state(stream)
            guard list.waitingCount > 0 else { break }
            let candidates = list.candidates(on: try await holds.showState(show))
            for candidate in candidates {
                let customer = candidate.entry.customer
                let lists = lists
                let prepared = Mutex<PreparedAppend<WaitingList.Event>?>(nil)
                let offer = HoldProcess.Companion { booking in
                    let decided = try await lists.prepareAppend(.offer(customer: customer, booking: booking, now: now), on: stream)
                    prepared.withLock { $0 = decided }
                    return decided?.append
                }
                do {
                    let held = try await holds.hold(candidate.request, show: show, customer: customer, now: now, companion: offer)
                    // The offer was written in the hold's commit, past the list's handler: it takes the events in.
                    if let written = prepared.withLock({ $0 }) { await lists.adopt(written) }
                    made.append(Made(customer: customer, booking: held.booking))
                    continue offering
                } catch is HoldProcess.CustomerHoldsAlready {
                    continue
                } catch let failure as AppFailure {
                    // Refused by the show (taken meanwhile, a lone seat left, sales closed): the next in line may fit.
                    guard case .show = failure else { throw failure }
                } catch let failure as CommandFailure<WaitingList.Rejection> {
                    // The list changed under the offer (the customer left, or was offered by another node).
                    guard case .rejected = failure else { throw AppFailure.storeUnavailable }
                    continue offering
                }
            }
            break
        }
        return made
    }

    /// The offered `booking` was bought (`taken`) or its hold ended unbought: the customer's wait is over. Nothing
    /// when `booking` was no offer, or its end is recorded already.
    public func end(_ booking: BookingID, on show: ShowID, taken: Bool, now: Instant) async throws {
        let stream = try WaitingList.stream(show)
        guard try await state(stream).entry(offered: booking) != nil else { return }
        do {
            _ = try await lists.handle(taken ? .offerTaken(booking: booking, now: now) : .offerLapsed(booking: booking, now: now), on: stream)
        } catch {
            switch error {
            case .rejected(.noSuchOffer): return
            case .store(let failure): throw failure
            default: throw AppFailure.bug("an offer's end could not be recorded: \(error)")
            }
        }
    }

    /// Whether anyone is on `show`'s list (waiting or offered).
    public func waiting(on show: ShowID) async throws -> Bool {
        !(try await state(try WaitingList.stream(show)).entries.isEmpty)
    }

    /// The list's state; a store failure as the log's error, so that a follower waits it out.
    private func state(_ stream: StreamName) async throws -> WaitingList.State {
        do {
            return try await lists.state(of: stream)
        } catch {
            if case .store(let failure) = error { throw failure }
            throw AppFailure.storeUnavailable
        }
    }

    public init(holds: HoldProcess, lists: CommandHandler<WaitingList>) {
        self.holds = holds
        self.lists = lists
    }
}
