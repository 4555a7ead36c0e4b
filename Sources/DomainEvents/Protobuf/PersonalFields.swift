public import Domain
import EventSchema
import EventStore
import Foundation
import SwiftProtobuf

/// The personal fields of a message, sealed into its `Sealed personal` box on the way into the log and opened on
/// the way out, through `PersonalKeyRing.current`. Each mapping lists its personal values in a fixed order and
/// leaves their own fields empty; opening a box whose key was destroyed gives `PersonalData.erased` for each value,
/// as many as the message says it had (its shape, which is not personal, stays in the clear).
enum PersonalFields {
    /// `values` sealed for `subject`.
    static func seal(_ values: [String], for subject: String) throws -> PBSealed {
        guard !subject.isEmpty else { throw SchemaMismatch("personal data without a subject to seal it for") }
        let plaintext: [UInt8] = try PBPersonalValues.with { $0.values = values }.serializedBytes()
        let sealed = try PersonalKeyRing.current.seal(plaintext, for: subject)
        return PBSealed.with {
            $0.subject = sealed.subject
            $0.key = Data(sealed.key)
            $0.box = Data(sealed.box)
        }
    }

    /// The `count` values in `sealed`, or `count` erased markers once its subject's key is gone.
    static func open(_ sealed: PBSealed, count: Int) throws -> [String] {
        let box = SealedPersonalData(subject: sealed.subject, key: Array(sealed.key), box: Array(sealed.box))
        guard let plaintext = try PersonalKeyRing.current.open(box) else {
            return Array(repeating: PersonalData.erased, count: count)
        }
        let values = try PBPersonalValues(serializedBytes: plaintext).values
        guard values.count == count else { throw SchemaMismatch("a sealed box holds \(values.count) personal values where its message has \(count)") }
        return values
    }
}
