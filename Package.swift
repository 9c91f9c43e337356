// swift-tools-version:6.0
// ismap-rules: a declarative rules-file interpreter for policy decisions.
// Pipeline (each target imports only those before it):
//   RulesSource → RulesYAML → RulesExpr → RulesModel → RulesEval → RulesReport → RulesCLI → ismap-rules
// RulesBundle (the rule files compiled in) sits below RulesCLI and RulesEngine (the one-import library,
// built on RulesEval and RulesModel).
import PackageDescription

let package = Package(
  name: "ismap-rules",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "ismap-rules", targets: ["ismap-rules"]),
    .library(name: "RulesEngine", targets: ["RulesEngine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
  ],
  targets: [
    .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .target(name: "RulesSource"),
    .target(name: "RulesYAML", dependencies: ["CYAML", "RulesSource"]),
    .target(name: "RulesExpr", dependencies: ["RulesSource"]),
    .target(name: "RulesModel", dependencies: ["RulesSource", "RulesYAML", "RulesExpr"]),
    .target(name: "RulesEval", dependencies: ["RulesModel", "RulesExpr", "RulesYAML", "RulesSource"]),
    .target(
      name: "RulesReport",
      dependencies: ["RulesEval", "RulesModel", "RulesSource", .product(name: "Crypto", package: "swift-crypto")]),
    // The bundled rules, below both the CLI and the library, so that they share one copy.
    .target(name: "RulesBundle", plugins: ["EmbedRules"]),
    // The one-import library (docs/library.md): its public API is its own small value types.
    .target(
      name: "RulesEngine",
      dependencies: ["RulesBundle", "RulesEval", "RulesModel", "RulesExpr", "RulesYAML", "RulesSource"]),
    .target(
      name: "RulesCLI",
      dependencies: [
        "RulesReport", "RulesEval", "RulesModel", "RulesYAML", "RulesSource", "RulesBundle",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // `ismap-rules serve` (docs/serve.md): the HTTP server lives in its own stage after RulesCLI and
    // reuses the CLI's frontends and renderers; only the executable links it.
    .target(
      name: "RulesServe",
      dependencies: [
        "RulesCLI", "RulesReport", "RulesEval", "RulesModel", "RulesYAML", "RulesSource",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Hummingbird", package: "hummingbird"),
      ],
      exclude: ["Page"], plugins: ["EmbedPage"]),
    .executableTarget(name: "ismap-rules", dependencies: ["RulesCLI", "RulesServe"]),
    .executableTarget(name: "ismap-rules-bench", dependencies: ["RulesEval", "RulesModel", "RulesEngine"]),
    .executableTarget(name: "interview-bench", dependencies: ["RulesCLI"]),
    // The bundled rules are compiled into the binary, so an installed binary works from any folder.
    .executableTarget(name: "embed-rules", path: "Plugins/EmbedRulesTool"),
    .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
    // The interview page and the OpenAPI document, compiled into RulesServe the same way.
    .executableTarget(name: "embed-page", path: "Plugins/EmbedPageTool"),
    .plugin(name: "EmbedPage", capability: .buildTool(), dependencies: ["embed-page"]),
    // Fuzz targets (fuzz/README.md): normal builds give corpus replayers; `make fuzz` builds them
    // with -sanitize=fuzzer,address -DFUZZING, where FuzzShim supplies libFuzzer's entry point.
    .target(name: "FuzzShim", path: "Sources/FuzzShim"),
    .target(name: "FuzzSupport", dependencies: ["RulesSource"]),
    .executableTarget(name: "FuzzYAML", dependencies: ["FuzzShim", "FuzzSupport", "RulesYAML", "RulesEval", "RulesSource"]),
    .executableTarget(name: "FuzzExpr", dependencies: ["FuzzShim", "FuzzSupport", "RulesExpr", "RulesSource"]),
    .executableTarget(
      name: "FuzzEval", dependencies: ["FuzzShim", "FuzzSupport", "RulesEval", "RulesModel", "RulesReport", "RulesSource", "RulesYAML"]),
    .executableTarget(
      name: "FuzzCheck", dependencies: ["FuzzShim", "FuzzSupport", "RulesEval", "RulesModel", "RulesReport", "RulesSource"]),
    .testTarget(name: "RulesSourceTests", dependencies: ["RulesSource"]),
    .testTarget(name: "RulesYAMLTests", dependencies: ["RulesYAML"]),
    .testTarget(name: "RulesExprTests", dependencies: ["RulesExpr"]),
    .testTarget(name: "RulesEvalTests", dependencies: ["RulesEval", "RulesModel", "RulesReport"]),
    .testTarget(name: "RulesEngineTests", dependencies: ["RulesEngine"]),
    .testTarget(name: "RulesCLITests", dependencies: ["RulesCLI"], exclude: ["Snapshots", "Fixtures"]),
    .testTarget(name: "RulesServeTests", dependencies: ["RulesServe", "RulesCLI"]),
  ]
)
