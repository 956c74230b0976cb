// swift-tools-version:6.0
// libFuzzer targets for Fred. Not part of Fred's own build: `scripts/fuzz-resp.sh` builds them
// with `--sanitize=fuzzer --sanitize=address` and runs them (scripts/test.sh briefly).
import PackageDescription

let package = Package(
    name: "FredFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "fred", path: "..")],
    targets: [
        .executableTarget(
            name: "fred-fuzz-resp",
            dependencies: [.product(name: "FredRuntime", package: "fred")]
        ),
    ]
)
