// swift-tools-version:6.0
// libFuzzer targets for Fred. Not part of Fred's own build: `scripts/fuzz-resp.sh` builds them
// with `--sanitize=fuzzer --sanitize=address` and runs them (scripts/test.sh briefly).
//
// The RESP decoder's sources (RESPValue and RESPDecoder, which need only NIOCore) are compiled into
// the fuzz target through symbolic links to Sources/FredRuntime/RESP, so that the fuzzer tests
// exactly the decoder Fred ships, and the sanitized release build skips the rest of FredRuntime
// and swift-nio-ssl's BoringSSL: a clean sanitized build takes about 1.5 minutes instead of 13.
import PackageDescription

let package = Package(
    name: "FredFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2")],
    targets: [
        .executableTarget(
            name: "fred-fuzz-resp",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")]
        ),
    ]
)
