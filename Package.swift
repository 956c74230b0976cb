// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "fred",
    platforms: [.macOS(.v14)],
    products: [
        /// The client library: runtime plus the commands generated from `commands.yaml`.
        .library(name: "Fred", targets: ["Fred"]),
        /// The runtime alone, for packages that generate their own commands with `CommandGen`.
        .library(name: "FredRuntime", targets: ["FredRuntime"]),
        /// The in-memory Redis engine: a test double in process (`RedisConfig.mock()`) or over TCP
        /// (`RedisMockServer.listen`). Production code depends on `Fred` alone and links none of it.
        .library(name: "FredMock", targets: ["FredMock"]),
        /// Build plugin: turns a target's `commands.yaml` into typed Swift methods.
        .plugin(name: "CommandGen", targets: ["CommandGen"]),
        /// Build plugin: turns the `mock:` handler names of a `commands.yaml` into a handler table
        /// (`RedisMockHandlerTable.generated`) for a target that depends on `FredMock`.
        .plugin(name: "MockGen", targets: ["MockGen"]),
        /// `swift package regenerate-commands [--check]`: writes the generated code where people can read it.
        .plugin(name: "RegenerateCommands", targets: ["RegenerateCommands"]),
        .plugin(name: "ImportCommands", targets: ["ImportCommands"]),
        .executable(name: "fred-demo", targets: ["fred-demo"]),
        .executable(name: "fred-bench", targets: ["fred-bench"]),
        .executable(name: "FredGenerator", targets: ["FredGenerator"]),
        .executable(name: "fred-mockdiff", targets: ["fred-mockdiff"]),
        .executable(name: "fred-mock-server", targets: ["fred-mock-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "FredGenerator",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(name: "CommandGen", capability: .buildTool(), dependencies: ["FredGenerator"]),
        .plugin(name: "MockGen", capability: .buildTool(), dependencies: ["FredGenerator"]),
        .plugin(
            name: "RegenerateCommands",
            capability: .command(
                intent: .custom(verb: "regenerate-commands", description: "Write the Swift generated from commands.yaml to Generated/ (or check it with --check)"),
                permissions: [.writeToPackageDirectory(reason: "writes the generated Swift to a folder people can read and commit")]
            ),
            dependencies: ["FredGenerator"]
        ),
        .plugin(
            name: "ImportCommands",
            capability: .command(
                intent: .custom(verb: "import-commands", description: "Bring commands.yaml in step with a server's COMMAND DOCS and COMMAND INFO"),
                permissions: [
                    .writeToPackageDirectory(reason: "writes the imported commands to commands.yaml"),
                    .allowNetworkConnections(scope: .all(), reason: "reads COMMAND DOCS and COMMAND INFO from the server named by --url"),
                ]
            ),
            dependencies: ["FredGenerator"]
        ),
        .target(
            name: "FredRuntime",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),
        .target(
            name: "FredCommands",
            dependencies: [
                "FredRuntime",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["CommandGen"]
        ),
        .target(name: "Fred", dependencies: ["FredRuntime", "FredCommands"]),
        .target(
            name: "FredMock",
            dependencies: [
                "FredRuntime", "FredCommands",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["MockGen"]
        ),
        .executableTarget(
            name: "fred-mock-server",
            dependencies: [
                "FredMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "fred-demo",
            dependencies: [
                "Fred", "FredMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "fred-bench",
            dependencies: [
                "Fred",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "FredTestSupport",
            dependencies: [
                "Fred", "FredMock", "FredMockDifferential", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Tests/FredTestSupport"
        ),
        .target(
            name: "FredMockDifferential",
            dependencies: ["Fred", "FredMock", .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log")],
            path: "Tests/FredMockDifferential"
        ),
        .executableTarget(
            name: "fred-mockdiff",
            dependencies: [
                "Fred", "FredMock", "FredMockDifferential",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FredGeneratorTests", dependencies: ["FredGenerator"], exclude: ["Golden"]),
        .testTarget(
            name: "FredRuntimeTests",
            dependencies: ["FredRuntime", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "FredCommandsTests",
            dependencies: ["Fred", "FredMock", "FredTestSupport", "FredMockDifferential", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
