import Foundation
import PackagePlugin

/// Generates `BundledRules.swift` from the package's `rules/` folder, so the CLI carries its rules inside the binary.
@main
struct EmbedRules: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
    let rules = context.package.directoryURL.appending(path: "rules")
    let output = context.pluginWorkDirectoryURL.appending(path: "BundledRules.swift")
    var inputs: [URL] = []
    if let walker = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil) {
      for case let url as URL in walker where ["yaml", "yml"].contains(url.pathExtension) { inputs.append(url) }
    }
    return [
      .buildCommand(
        displayName: "Embedding rule files from rules/",
        executable: try context.tool(named: "embed-rules").url,
        arguments: [rules.path, output.path],
        inputFiles: inputs.sorted { $0.path < $1.path },
        outputFiles: [output])
    ]
  }
}
