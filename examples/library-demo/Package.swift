// swift-tools-version:6.0
// A program that uses ismap-rules as a library: `import RulesEngine` and nothing else.
// From the repository root: `make library-demo` (which `make test` runs).
import PackageDescription

let package = Package(
  name: "library-demo",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "ismap-rules", path: "../..")],
  targets: [
    .executableTarget(
      name: "library-demo", dependencies: [.product(name: "RulesEngine", package: "ismap-rules")])
  ]
)
