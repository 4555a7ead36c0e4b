import Foundation
import LMDB
import Testing

/// A fresh environment in a temporary directory.
private func withEnvironment<R>(mapSize: Int = 1 << 20, _ body: (Environment) throws -> R) throws -> R {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lmdb-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let environment = try Environment(path: path, options: .init(mapSize: mapSize, durable: false))
    return try body(environment)
}

@Suite("LMDB: the wrapper")
struct LMDBTests {
    @Test func bigEndianKeysSortNumerically() {
        let values: [UInt64] = [0, 1, 255, 256, 65_535, 1 << 40, UInt64.max]
        let keys = values.map(BigEndianKey.bytes)
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(keys.map { $0.withUnsafeBytes { BigEndianKey.read($0) } } == values)
    }

    @Test func aCommittedWriteIsReadBackAndAnAbortedOneIsNot() throws {
        try withEnvironment { environment in
            let db = try environment.openDatabase("things")
            try environment.write { txn in try txn.put(db, key: [1], value: [10]) }
            struct Abort: Error {}
            #expect(throws: Abort.self) {
                try environment.write { txn in
                    try txn.put(db, key: [2], value: [20])
                    throw Abort()
                }
            }
            let values = try environment.read { txn in
                [try txn.get(db, key: [1]).map(Array.init), try txn.get(db, key: [2]).map(Array.init)]
            }
            #expect(values == [[10], nil])
        }
    }

    @Test func cursorsSeekAndWalkBothWays() throws {
        try withEnvironment { environment in
            let db = try environment.openDatabase("numbers")
            try environment.write { txn in
                for value: UInt64 in [10, 20, 30] { try txn.put(db, key: BigEndianKey.bytes(value), value: [UInt8(value)]) }
            }
            let found = try environment.read { txn in
                try txn.withCursor(db) { cursor in
                    [
                        try cursor.seek(atLeast: BigEndianKey.bytes(15)).map { Array($0.value) },
                        try cursor.seek(atMost: BigEndianKey.bytes(25)).map { Array($0.value) },
                        try cursor.seek(atMost: BigEndianKey.bytes(30)).map { Array($0.value) },
                        try cursor.seek(atMost: BigEndianKey.bytes(99)).map { Array($0.value) },
                        try cursor.previous().map { Array($0.value) },
                        try cursor.seek(atLeast: BigEndianKey.bytes(31)).map { Array($0.value) },
                    ]
                }
            }
            #expect(found == [[20], [20], [30], [30], [20], nil])
        }
    }

    @Test func appendRefusesAKeyOutOfOrder() throws {
        try withEnvironment { environment in
            let db = try environment.openDatabase("log")
            try environment.write { txn in try txn.put(db, key: BigEndianKey.bytes(5), value: [5], flags: .append) }
            #expect(throws: LMDBError.keyExists) {
                try environment.write { txn in try txn.put(db, key: BigEndianKey.bytes(3), value: [3], flags: .append) }
            }
        }
    }

    @Test func aFullMapIsReportedAndGrowingItLetsTheSameWriteSucceed() throws {
        try withEnvironment(mapSize: 64 << 10) { environment in
            let db = try environment.openDatabase("big")
            let value = [UInt8](repeating: 7, count: 200_000)
            #expect(throws: LMDBError.mapFull) {
                try environment.write { txn in try txn.put(db, key: [1], value: value) }
            }
            try environment.setMapSize(4 << 20)
            try environment.write { txn in try txn.put(db, key: [1], value: value) }
            #expect(try environment.read { txn in try txn.get(db, key: [1])?.count } == 200_000)
            #expect(environment.usage().mapSize == 4 << 20)
        }
    }

    @Test func reserveWritesInPlace() throws {
        try withEnvironment { environment in
            let db = try environment.openDatabase("reserved")
            try environment.write { txn in
                try txn.reserve(db, key: [9], count: 3) { out in out.copyBytes(from: [1, 2, 3]) }
            }
            #expect(try environment.read { txn in try txn.get(db, key: [9]).map(Array.init) } == [1, 2, 3])
        }
    }

    @Test func errorCodesMapToNamedCases() {
        #expect(LMDBError.mapFull.description.contains("MDB_MAP_FULL"))
        #expect(LMDBError.corrupted.isCorruption)
        #expect(!LMDBError.mapFull.isCorruption)
    }
}
