import LMDB

extension EventStoreError {
    /// Wraps an LMDB failure with what the store was doing, and what an operator can do about it.
    init(_ error: LMDBError, while doing: String) {
        switch error {
        case .mapFull:
            self.init(.mapFull, "the log's memory map is full while \(doing); free disk space or raise the map ceiling",
                      cause: error)
        case .system(let errno) where errno == 2:
            self.init(.io, "no log exists where expected (\(doing))", cause: error)
        case .system(let errno) where errno == 28:
            self.init(.io, "the disk is full while \(doing); nothing of this write was kept", cause: error)
        case .system:
            self.init(.io, "a disk or system error occurred while \(doing)", cause: error)
        case _ where error.isCorruption:
            self.init(.corrupted, "the log's data file is damaged (\(error)) while \(doing); restore from a backup",
                      cause: error)
        default:
            self.init(.io, "LMDB failed while \(doing): \(error)", cause: error)
        }
    }

    /// Passes store errors through and wraps LMDB ones; anything else is a bug in the store.
    static func wrapping(_ error: any Error, while doing: String) -> EventStoreError {
        switch error {
        case let error as EventStoreError: error
        case let error as LMDBError: EventStoreError(error, while: doing)
        default: EventStoreError(.io, "unexpected failure while \(doing): \(error)")
        }
    }
}
