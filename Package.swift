// swift-tools-version:6.0
// mktreport: weekly marketing reports from e-commerce exports.
//
// Module map (data flows one way, top to bottom):
//   MktFacts      the value types models consume (facts, days, periods) and the builder that aggregates
//                 validated rows into them; no I/O
//   MktData       exports -> validated rows -> facts (the only module that reads input files)
//   MktModels     facts -> figures (segments, recommendations, forecasts, ads); pure and deterministic
//   MktReport     figures -> the report value -> HTML / Markdown / SVG / JSON, checked and published atomically
//   MktWarehouse  PostgreSQL: a database's tables read as an export folder, and `import` of a folder into them
//   MktSampleData deterministic sample-export generator (`mktreport fixtures`)
//   MktTesting    one in-memory fixture builder shared by every test target
//   mktreport     the command line: argument parsing and progress output only
import PackageDescription

let package = Package(
    name: "mktreport",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mktreport", targets: ["mktreport"]),
        .library(name: "MktReport", targets: ["MktReport"]),
        .library(name: "MktData", targets: ["MktData"]),
        .library(name: "MktFacts", targets: ["MktFacts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        // HMAC-SHA256 for the keyed pseudonyms of e-mail and phone customer keys.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"4.0.0"),
        // `--source postgresql://...` and `import`: the PostgreSQL wire protocol (and its TLS and logging).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries from Debian packages (the Makefile installs them).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Linux calls Swift's Glibc module does not export (renameat2, flock constants) and the
        // compiler's cache prefetch hint.
        .target(name: "CPosixShims"),

        // The loaders and the facts builder mutate tables held by a class on every row; dynamic
        // exclusivity checks cost 8% of load time (perf, medium scale), so release builds turn them off.
        .target(name: "MktFacts", dependencies: ["CPosixShims"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "MktData", dependencies: ["MktFacts", "CLibXML2", "CZlib", "CPosixShims",
                                                .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // The models are numeric code that the tests run on dozens of generated shops; unoptimised,
        // the shape sweep's forecasts alone took 15 min of CPU (against about 2 with -O), so even
        // debug builds optimise them.
        .target(name: "MktModels", dependencies: [
            "MktFacts", "CPosixShims", .product(name: "ComplexModule", package: "swift-numerics"),
            .product(name: "RealModule", package: "swift-numerics"),
        ], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(name: "MktReport", dependencies: [
            "MktData", "MktModels", "CLibXML2", "CCmarkGFM", "CPosixShims",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        .target(name: "MktWarehouse", dependencies: [
            "MktData", "MktFacts", "CZlib", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "MktSampleData", dependencies: ["MktData", "MktModels"]),
        .target(name: "MktTesting", dependencies: ["MktData", "MktFacts", "CZlib"]),
        .executableTarget(name: "mktreport", dependencies: [
            "MktData", "MktModels", "MktReport", "MktSampleData", "MktWarehouse",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // `make bench`: benchmark runner (not needed to build, run or test the tool).
        .executableTarget(name: "mktreport-bench", dependencies: ["MktData", "MktModels", "MktReport"], path: "bench/Sources/mktreport-bench"),

        .testTarget(name: "MktDataTests", dependencies: ["MktData", "MktModels", "MktTesting"]),
        .testTarget(name: "MktModelsTests", dependencies: ["MktModels", "MktTesting"]),
        .testTarget(name: "MktReportTests", dependencies: ["MktReport", "MktTesting"]),
        .testTarget(name: "EndToEndTests", dependencies: ["MktReport", "MktTesting", "MktSampleData", "mktreport"]),
        .testTarget(name: "WarehouseTests", dependencies: ["MktWarehouse", "MktReport", "MktTesting", "mktreport"]),
    ],
    swiftLanguageModes: [.v6]
)
