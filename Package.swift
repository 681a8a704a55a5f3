// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "churnsite",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "churnsite", targets: ["churnsite"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        // Already in the graph through postgres-nio; its SHA-256 uses the CPU's SHA extensions.
        .package(url: "https://github.com/apple/swift-crypto", "3.9.0"..<"5.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "CivilDate"),
        .target(name: "Seeded"),
        .target(name: "Parallel"),
        .target(name: "Hashing", dependencies: ["TextFormat", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "OlistData", dependencies: ["CivilDate", "Parallel", "Seeded", "Hashing", "TextFormat"]),
        .target(name: "Analytics", dependencies: ["OlistData", "CivilDate"]),
        .target(name: "TextFormat"),
        .target(name: "Charts", dependencies: ["TextFormat"]),
        .target(name: "ChurnModel", dependencies: ["Parallel", "Seeded"]),
        .target(name: "Forecasting", dependencies: ["CivilDate", "Parallel", "Seeded"]),
        .target(
            name: "Warehouse",
            dependencies: [
                "CivilDate", "TextFormat",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Queries"]
        ),
        .target(
            name: "Site",
            dependencies: ["TextFormat", "Hashing",
                "CCmarkGFM",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "ChurnsiteCLI",
            dependencies: [
                "OlistData", "Analytics", "Charts", "Site", "CivilDate", "ChurnModel", "Forecasting", "Parallel", "Seeded", "Warehouse", "Hashing",
                "TextFormat",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "churnsite", dependencies: ["ChurnsiteCLI"]),
        .executableTarget(name: "churnsite-fuzz", dependencies: ["OlistData"]),
        .executableTarget(name: "churnsite-bench", dependencies: ["ChurnModel", "Forecasting", "ChurnsiteCLI", "OlistData", "Analytics", "Warehouse", "CivilDate", "Hashing"]),
        .testTarget(
            name: "ChurnsiteTests",
            dependencies: [
                "OlistData", "Analytics", "Charts", "Site", "ChurnsiteCLI", "CivilDate", "ChurnModel", "Forecasting", "Seeded",
                "Warehouse", "Hashing", "TextFormat",
            ],
            exclude: ["Golden", "FuzzRegressions"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
