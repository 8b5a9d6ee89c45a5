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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
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
        // YAML documents to engine values (with located diagnostics) and engine values to JSON and tables.
        .target(
            name: "HeadstartFormats",
            dependencies: ["HeadstartYAML", "HeadstartEngine"],
            resources: [.embedInCode("Resources/catalog.yaml")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "headstart",
            dependencies: [
                "HeadstartFormats",
                "HeadstartEngine",
                "HeadstartYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartYAMLTests",
            dependencies: ["HeadstartYAML"],
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
            dependencies: ["HeadstartFormats", "HeadstartEngine", "HeadstartYAML"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HeadstartCLITests",
            dependencies: ["headstart"],
            swiftSettings: swiftSettings
        ),
    ]
)
