// swift-tools-version:6.0
// An outside package that applies Fred's CommandGen plugin to a commands.yaml of its own.
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
        .executableTarget(
            name: "plugin-fixture",
            dependencies: ["ExtraCommands", .product(name: "Fred", package: "fred")]
        ),
    ]
)
