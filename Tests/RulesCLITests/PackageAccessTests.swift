import Foundation
import Testing

/// Only the library target `RulesEngine` has a public API (docs/library.md). The pipeline modules
/// share their declarations with `package` access: the package's own targets and tests see them, a
/// program that depends on the package does not, so nothing internal can leak into its API.
@Suite struct PackageAccessTests {
  static let internalModules = [
    "RulesSource", "RulesYAML", "RulesExpr", "RulesModel", "RulesEval", "RulesReport", "RulesCLI",
    "RulesServe", "RulesBundle", "FuzzSupport",
  ]

  @Test func onlyTheLibraryDeclaresPublicAPI() throws {
    let fm = FileManager.default
    var found: [String] = []
    // Built from parts, so this file does not match itself.
    let keyword = "pub" + "lic"
    for module in Self.internalModules {
      let dir = packageRoot + "/Sources/" + module
      guard let walker = fm.enumerator(atPath: dir) else { continue }
      while let rel = walker.nextObject() as? String {
        guard rel.hasSuffix(".swift"), let data = fm.contents(atPath: dir + "/" + rel) else { continue }
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
          let words = code.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" && $0 != "\"" })
          if words.contains(where: { $0 == keyword }) { found.append("Sources/\(module)/\(rel):\(n + 1)") }
        }
      }
    }
    #expect(found.isEmpty, "use `package` instead of `\(keyword)` outside RulesEngine:\n\(found.joined(separator: "\n"))")
  }

  /// The build-tool plugin's generated `BundledRules` is package-only as well.
  @Test func theEmbeddedRulesArePackageOnly() throws {
    let tool = try String(contentsOfFile: packageRoot + "/Plugins/EmbedRulesTool/main.swift", encoding: .utf8)
    #expect(tool.contains("package enum BundledRules"))
    #expect(!tool.contains("pub" + "lic "))
  }
}
