/// Personal data as the log holds it: whose it is, which of their keys sealed it, and the box (ChaCha20-Poly1305:
/// a 12-byte nonce, the ciphertext, a 16-byte tag; the subject is authenticated with it, so a box moved to another
/// subject does not open).
public struct SealedPersonalData: Sendable, Hashable {
    public var subject: String
    public var key: [UInt8]
    public var box: [UInt8]

    public init(subject: String, key: [UInt8], box: [UInt8]) {
        self.subject = subject
        self.key = key
        self.box = box
    }
}
