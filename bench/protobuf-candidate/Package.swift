// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "PBBench",
    dependencies: [.package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0")],
    targets: [
        .target(name: "Domain", exclude: ["README.md"]),
        .target(name: "CompactCoding", exclude: ["README.md"]),
        .executableTarget(name: "PBBench", dependencies: ["Domain", "CompactCoding", .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
    ]
)
