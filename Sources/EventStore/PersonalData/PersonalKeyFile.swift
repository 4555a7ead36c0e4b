import Crypto
import Foundation

/// Where a subject's key is kept among the shared files (`SharedStorage`'s naming, so a backup or a `log copy`
/// carries the keys like any other folder): `personal-keys/<SHA-256 of the subject>`. Subjects are ids, but a
/// file name must not depend on what an id may hold.
public enum PersonalKeyFile {
    public static let folder = "personal-keys"

    public static func name(of subject: String) -> SharedFileName {
        // A hex digest is always a valid name.
        try! SharedFileName(folder: folder, file: SHA256.hash(data: Data(subject.utf8)).map { String(format: "%02x", $0) }.joined())
    }
}
