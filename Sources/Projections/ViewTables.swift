import LMDB

/// A projection's two view tables; its generation (stored beside the checkpoints) says which is live, and a
/// rebuild fills the other.
struct ViewTables: Sendable {
    let name: String
    let even: Database
    let odd: Database

    func table(for generation: UInt64) -> Database { generation.isMultiple(of: 2) ? even : odd }

    /// The live table as the transaction's snapshot sees it.
    func live(in txn: some Transaction, _ generations: Database) throws -> Database {
        table(for: try Self.generation(of: name, in: txn, generations))
    }

    static func generation(of name: String, in txn: some Transaction, _ generations: Database) throws -> UInt64 {
        guard let bytes = try txn.get(generations, key: Array(name.utf8)) else { return 0 }
        return BigEndianKey.read(bytes) ?? 0
    }

    static func setGeneration(_ generation: UInt64, of name: String, in txn: WriteTransaction, _ generations: Database) throws {
        try txn.put(generations, key: Array(name.utf8), value: BigEndianKey.bytes(generation))
    }
}
