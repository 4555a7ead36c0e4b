// swift-tools-version:6.1
import PackageDescription

// The package graph is the architecture: Domain depends on nothing, EventStore never imports Domain,
// Projections read the log only through EventStore's public API, App runs the business on top of them without
// HTTP, and API is the HTTP face of App.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "TktPlz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tktplz", targets: ["tktplz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", exact: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", exact: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", exact: "4.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CQREncode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .target(name: "TicketRendering", dependencies: ["CQREncode", "CCairo"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "LMDB", dependencies: ["CLMDB"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "EventStore",
            dependencies: ["LMDB", "CZstd", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // The same log on PostgreSQL, for several nodes: the same records, the same hash chain.
        .target(
            name: "PostgresLog",
            dependencies: ["EventStore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(name: "Domain", exclude: ["README.md"], swiftSettings: strict),
        // Domain events as log records (protobuf payloads under the domain's stored type names): shared by writers and
        // readers.
        .target(name: "DomainEvents", dependencies: ["Domain", "EventStore", "CompactCoding", "EventSchema",
                                                     .product(name: "SwiftProtobuf", package: "swift-protobuf")],
                exclude: ["README.md"], swiftSettings: strict),
        // The event schema's Swift messages, generated from schema/tktplz/events/v1 by scripts/generate-schema.sh and
        // committed (building never needs protoc or the plugin).
        .target(name: "EventSchema", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")], exclude: ["README.md"],
                swiftSettings: strict),
        // A compact binary Codable format for what the service stores and reads back (event payloads, projection
        // views): Foundation's JSON was most of a rebuild's and much of a hold's CPU.
        .target(name: "CompactCoding", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "Projections", dependencies: ["EventStore", "LMDB", "Domain", "DomainEvents", "CompactCoding"], exclude: ["README.md"], swiftSettings: strict),
        // The application: command handling, the business processes, the reactors, audits, demo data and the
        // gateways (payments, mail) behind their protocols. Typed outcomes and failures; no HTTP server in here.
        .target(
            name: "App",
            dependencies: [
                "EventStore", "Projections", "Domain", "DomainEvents",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // SMTP: a connection of our own (no SMTP client in the package set), TLS from swift-nio-ssl.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "API",
            dependencies: [
                "App", "EventStore", "Projections", "Domain", "DomainEvents", "TicketRendering",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            exclude: ["README.md"],
            resources: [.copy("OpenAPI/openapi.json"), .copy("Web")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "tktplz",
            dependencies: [
                "API", "App", "Domain", "DomainEvents", "EventSchema", "EventStore", "PostgresLog", "Projections", "LMDB", "CZstd", "TicketRendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "tools/tktplz",
            swiftSettings: strict
        ),
        .testTarget(name: "LMDBTests", dependencies: ["LMDB"], swiftSettings: strict),
        // What more than one test target needs: finding and driving the built `tktplz` as a child process, and a
        // seeded random source for the property tests.
        .target(name: "TestSupport", dependencies: ["EventStore"], path: "Tests/TestSupport", swiftSettings: strict),
        // The application without HTTP, over an in-memory log as well as LMDB.
        .testTarget(
            name: "AppTests",
            dependencies: ["App", "Domain", "DomainEvents", "EventStore", "Projections", "TestSupport",
                           .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["LegacyLog/Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "EventStoreTests", dependencies: ["EventStore", "LMDB", "PostgresLog", "TestSupport",
                                                        .product(name: "PostgresNIO", package: "postgres-nio")], swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CompactCodingTests", dependencies: ["CompactCoding", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "TicketRenderingTests", dependencies: ["TicketRendering", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DomainEventsTests", dependencies: ["DomainEvents", "Domain", "EventStore", "EventSchema", "TestSupport",
                                                         .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                                                         .product(name: "Crypto", package: "swift-crypto")],
                    exclude: ["Protobuf/golden-payloads.txt"], swiftSettings: strict),
        .testTarget(name: "ProjectionsTests", dependencies: ["Projections", "Domain", "DomainEvents", "EventStore", "CompactCoding"], swiftSettings: strict),
        .testTarget(
            name: "APITests",
            dependencies: [
                "API", "App", "Domain", "DomainEvents", "EventStore", "PostgresLog", "Projections", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA keys for the stand-in Google that signs ID tokens in the sign-in tests.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
    ]
)
