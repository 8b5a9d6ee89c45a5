// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Headstart",
    products: [
        .executable(name: "headstart", targets: ["headstart"]),
        .library(name: "HeadstartEngine", targets: ["HeadstartEngine"]),
        .library(name: "HeadstartYAML", targets: ["HeadstartYAML"]),
        .library(name: "HeadstartFormats", targets: ["HeadstartFormats"]),
        .library(name: "HeadstartSchedule", targets: ["HeadstartSchedule"]),
        .library(name: "HeadstartAPI", targets: ["HeadstartAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The distribution's libyaml (Debian libyaml-dev, pkg-config yaml-0.1).
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // A thin node tree over libyaml events, with marks and limits.
        .target(
            name: "HeadstartYAML",
            dependencies: ["CLibYAML"],
            swiftSettings: swiftSettings
        ),
        // The pure planning engine: no I/O, no clock, no globals.
        .target(
            name: "HeadstartEngine",
            swiftSettings: swiftSettings
        ),
        // Cron expressions and their next fire times in a time zone; pure.
        .target(
            name: "HeadstartSchedule",
            dependencies: ["HeadstartEngine"],
            swiftSettings: swiftSettings
        ),
        // YAML documents to engine values (with located diagnostics) and engine values to JSON and tables.
        .target(
            name: "HeadstartFormats",
            dependencies: ["HeadstartAPI", "HeadstartYAML", "HeadstartEngine", "HeadstartSchedule"],
            exclude: ["Decoding/README.md"],
            resources: [
                .embedInCode("Resources/catalog.yaml"),
                .embedInCode("Resources/plan.schema.json"),
                .embedInCode("Resources/catalog.schema.json"),
            ],
            swiftSettings: swiftSettings
        ),
        // Durable state: plan revisions, recommendations, the event log, a replaced catalog: embedded SQLite
        // (GRDB), or PostgreSQL shared by several daemons (postgres-nio).
        .target(
            name: "HeadstartStore",
            dependencies: [
                "HeadstartEngine",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The contract between the daemon and its clients: request, response and event types, the
        // problem document, the JSON configuration, where the socket is.
        .target(
            name: "HeadstartAPI",
            swiftSettings: swiftSettings
        ),
        // The daemon: HTTP/1.1 on a Unix socket, the API, the watch stream, its lifecycle.
        .target(
            name: "HeadstartServer",
            dependencies: [
                "HeadstartAPI", "HeadstartEngine", "HeadstartFormats", "HeadstartStore", "HeadstartSchedule", "HeadstartYAML",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "headstart",
            dependencies: [
                "HeadstartAPI",
                "HeadstartFormats",
                "HeadstartEngine",
                "HeadstartYAML",
                "HeadstartSchedule",
                "HeadstartServer",
                "HeadstartStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // libFuzzer entry point over the YAML layer and decoders (Tests/Fuzz/fuzz.sh); without
        // -DFUZZING it replays files, so a normal build keeps it compiling.
        .executableTarget(
            name: "headstart-fuzz",
            dependencies: ["HeadstartYAML", "HeadstartFormats", "HeadstartEngine"],
            swiftSettings: swiftSettings
        ),
        // Deterministic generated catalogs and plans for the benchmarks.
        .executableTarget(
            name: "headstart-gen",
            swiftSettings: swiftSettings
        ),
        // What several test targets share: running the Python checkers.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartYAMLTests",
            dependencies: ["HeadstartYAML"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartScheduleTests",
            dependencies: ["HeadstartSchedule", "TestSupport"],
            resources: [.copy("cronsim_check.py")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartEngineTests",
            dependencies: ["HeadstartEngine", "HeadstartFormats"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartFormatsTests",
            dependencies: ["HeadstartAPI", "HeadstartFormats", "HeadstartEngine", "HeadstartYAML", "TestSupport"],
            resources: [.copy("Fixtures"), .copy("schema_check.py")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartServerTests",
            dependencies: [
                "HeadstartAPI", "HeadstartServer", "HeadstartStore", "HeadstartFormats", "HeadstartEngine", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                // To write rows as the previous release wrote them.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Recorded answers and fixtures the tests read from the source tree.
            exclude: ["Golden", "Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartCLITests",
            dependencies: ["headstart", "HeadstartAPI", "HeadstartEngine", "HeadstartServer", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"],
            resources: [.copy("slow_clients.py"), .copy("timed_requests.py"), .copy("prometheus_check.py"), .copy("fake_daemon.py"),
                        .copy("export_check.py"), .copy("yaml_values.py")],
            swiftSettings: swiftSettings
        ),
    ]
)
