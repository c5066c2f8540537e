// swift-tools-version:6.0
// libFuzzer targets for mktreport's input readers (`make fuzz`; see FUZZING.md). Built with
//   swift build --package-path fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
// Not part of the product build or of `make test`.
import PackageDescription

let package = Package(
    name: "mktreport-fuzz",
    dependencies: [.package(name: "mktreport", path: "..")],
    targets: [.target(name: "FuzzDriver")]
        + ["fuzz-csv", "fuzz-orders", "fuzz-xml", "fuzz-parsers", "fuzz-config"].map { name in
            .executableTarget(name: name, dependencies: ["FuzzDriver", .product(name: "MktData", package: "mktreport")])
        }
        + ["fuzz-templates", "fuzz-email"].map { name in
            .executableTarget(name: name, dependencies: ["FuzzDriver", .product(name: "MktReport", package: "mktreport")])
        },
    swiftLanguageModes: [.v6]
)
