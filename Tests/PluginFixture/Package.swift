// swift-tools-version:6.0
// An outside package that applies Fred's CommandGen plugin to a commands.yaml of its own, and
// MockGen to a test-support target that answers those commands on Fred's mock.
// scripts/test.sh builds and runs it; it is not part of Fred's own build.
import PackageDescription

let package = Package(
    name: "PluginFixture",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "fred", path: "../..")],
    targets: [
        .target(
            name: "ExtraCommands",
            dependencies: [.product(name: "Fred", package: "fred")],
            plugins: [.plugin(name: "CommandGen", package: "fred")]
        ),
        // Finds the spec in ExtraCommands (the target it depends on) and compiles its `mock:`
        // handler table here, so ExtraCommands itself links no mock code.
        .target(
            name: "ExtraCommandsMocks",
            dependencies: ["ExtraCommands", .product(name: "FredMock", package: "fred")],
            plugins: [.plugin(name: "MockGen", package: "fred")]
        ),
        .executableTarget(
            name: "plugin-fixture",
            dependencies: ["ExtraCommands", "ExtraCommandsMocks", .product(name: "Fred", package: "fred"), .product(name: "FredMock", package: "fred")]
        ),
    ]
)
