import Foundation
import PackagePlugin

/// Generates `PageAssets.swift` for RulesServe at build time from the page sources (Page/) and the
/// OpenAPI document (docs/openapi.json), so the binary serves them with no files beside it and no
/// generated copy is committed.
@main
struct EmbedPage: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let page = context.package.directoryURL.appending(path: "Sources/RulesServe/Page")
    let openapi = context.package.directoryURL.appending(path: "docs/openapi.json")
    let output = context.pluginWorkDirectoryURL.appending(path: "PageAssets.swift")
    let inputs = [openapi] + ["page.html", "app.css", "app.js"].map { page.appending(path: $0) }
    return [
      .buildCommand(
        displayName: "Embedding the page (Page/) and docs/openapi.json",
        executable: try context.tool(named: "embed-page").url,
        arguments: [output.path] + inputs.map(\.path),
        inputFiles: inputs,
        outputFiles: [output])
    ]
  }
}
