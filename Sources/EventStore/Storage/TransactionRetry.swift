/// What the event ids of a transaction's appends say about it, the same on every backend: all of them already in
/// the log is a retry (answered with the earlier positions), some of them is a refusal, none is a new transaction.
package enum TransactionRetry {
    case new
    case answered(Result<TransactionResult, EventStoreError>)

    /// `earlier` holds, per append, what its ids found (`nil`: none of them is in the log).
    package static func classify(_ earlier: [Result<AppendResult, EventStoreError>?]) -> TransactionRetry {
        var found: [Appended] = []
        for outcome in earlier {
            switch outcome {
            case nil: continue
            case .success(.appended(let appended))?: found.append(appended)
            case .success(.conflict(let conflict))?: return .answered(.success(.conflict(conflict)))
            case .failure(let error)?: return .answered(.failure(error))
            }
        }
        if found.count == earlier.count { return .answered(.success(.appended(found))) }
        guard found.isEmpty else {
            return .answered(.failure(EventStoreError(
                .eventIDReused, "\(found.count) of \(earlier.count) appends of a transaction are already in the log; "
                    + "a retry must resend exactly the original transaction")))
        }
        return .new
    }
}
