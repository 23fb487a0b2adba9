// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Refiner",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "refiner", targets: ["refiner"])
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "Logging"),
        .target(name: "Tensor", dependencies: ["CBLAS"]),
        .target(name: "StrictJSON"),
        .target(name: "Text", dependencies: ["StrictJSON"]),
        .target(name: "TRM", dependencies: ["Tensor", "Text", "Logging"]),
        .target(name: "EBM", dependencies: ["Tensor", "Text"]),
        .target(name: "HTTP", dependencies: ["Logging"]),
        .target(name: "Upstream", dependencies: ["CCurl", "Logging", "StrictJSON", "Text"]),
        .target(
            name: "Service",
            dependencies: ["HTTP", "TRM", "EBM", "Text", "Tensor", "Logging", "Upstream", "StrictJSON"]),
        .executableTarget(
            name: "refiner",
            dependencies: ["Service", "HTTP", "TRM", "EBM", "Text", "Tensor", "Logging", "Upstream"]),
        // Starts and scripts scripts/upstream_stub.py, the OpenAI-compatible peer of the upstream tests.
        .target(name: "UpstreamStub", path: "Tests/UpstreamStub"),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"]),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"]),
        .testTarget(name: "TextTests", dependencies: ["Text"]),
        .testTarget(name: "TRMTests", dependencies: ["TRM", "Tensor", "Text"]),
        .testTarget(name: "EBMTests", dependencies: ["EBM", "Tensor", "Text"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Logging"]),
        .testTarget(name: "UpstreamTests", dependencies: ["Upstream", "UpstreamStub", "Logging"]),
        .testTarget(
            name: "ServiceTests",
            dependencies: ["Service", "HTTP", "TRM", "EBM", "Text", "Tensor", "Upstream", "UpstreamStub", "Logging"]),
    ],
    swiftLanguageModes: [.v6]
)
