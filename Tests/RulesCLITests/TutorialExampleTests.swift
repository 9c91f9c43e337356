import Foundation
import Testing
@testable import RulesCLI

/// The policy docs/tutorial.md builds (examples/tutorial-policy): both versions pass
/// `check --strict`, its cases and flip pass with full coverage, and the diff between the versions is
/// the one the tutorial shows.
@Suite struct TutorialExampleTests {
  static let dir = packageRoot + "/examples/tutorial-policy"

  @Test func bothVersionsPassCheckStrict() throws {
    let r = CheckFrontend(command: try CheckCommand.parse(["--strict", Self.dir + "/rules"])).run()
    #expect(r.exit == 0, "\(r.output)\(r.errors)")
    #expect(r.output.contains("checked 2 rule sets: no problems found"))
  }

  @Test func casesAndFlipPassWithFullCoverage() throws {
    let files = ["fy2024.yaml", "fy2025.yaml", "flips/window_counting.yaml"].map { Self.dir + "/tests/" + $0 }
    let cmd = try TestCommand.parse(["--min-coverage", "100"] + files)
    var runner = TestRunner(options: cmd.rules, limits: cmd.limits.load, showCoverage: true, minCoverage: 100,
                            verbose: false, color: false)
    let code = runner.run(cmd.tests)
    #expect(code == 0, "\(runner.output)\(runner.errors)")
    #expect(runner.failed == 0 && runner.passed == 22)
  }

  @Test func theRevisionDiffIsTheOneTheTutorialShows() throws {
    let r = try runDiff([Self.dir + "/rules/fy2024", Self.dir + "/rules/fy2025", "--cases", Self.dir + "/tests"])
    #expect(r.exit == 1, "\(r.errors)")
    assertSnapshot("diff-tutorial-fy2024-fy2025.txt", r.output)
    let tutorial = try String(contentsOfFile: packageRoot + "/docs/tutorial.md", encoding: .utf8)
    let shown = r.output.replacingOccurrences(of: packageRoot + "/", with: "")
    #expect(tutorial.contains(shown), "docs/tutorial.md, step 11, must show the current diff output")
  }

  /// Each block marked `<!-- file: PATH -->` in the tutorial is that file, word for word.
  @Test func theFilesTheTutorialShowsAreTheExampleFiles() throws {
    let tutorial = try String(contentsOfFile: packageRoot + "/docs/tutorial.md", encoding: .utf8)
    let parts = tutorial.components(separatedBy: "<!-- file: ").dropFirst()
    #expect(parts.count >= 8)
    for part in parts {
      let path = String(part.prefix { $0 != " " })
      guard let open = part.range(of: "```yaml\n"), let close = part.range(of: "\n```\n", range: open.upperBound..<part.endIndex)
      else {
        Issue.record("no yaml block after the marker for \(path)")
        continue
      }
      let shown = String(part[open.upperBound..<close.lowerBound]) + "\n"
      let file = try String(contentsOfFile: packageRoot + "/" + path, encoding: .utf8)
      #expect(shown == file, "docs/tutorial.md shows \(path) differently from the file")
    }
  }
}
