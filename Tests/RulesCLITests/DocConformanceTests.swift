import Testing
@testable import RulesCLI

/// A rule set written by someone who had read only docs/rule-language.md (a childcare subsidy):
/// its 27 hand-derived cases must pass, and each broken variant must fail with the documented code.
@Suite struct DocConformanceTests {
  static let dir = fixture("doc-conformance")

  @Test func handDerivedCasesPass() throws {
    let cmd = try TestCommand.parse(["--rules", Self.dir + "/rules", Self.dir + "/cases.yaml"])
    var runner = TestRunner(options: cmd.rules, limits: cmd.limits.load, showCoverage: false, minCoverage: nil,
                            verbose: false, color: false)
    let code = runner.run(cmd.tests)
    #expect(code == 0, "\(runner.output)\(runner.errors)")
    #expect(runner.failed == 0 && runner.passed >= 27)
  }

  @Test(arguments: [
    ("misspelt-fact", "unknown-fact"),
    ("misspelt-key", "unknown-key"),
    ("type-error", "type-mismatch"),
    ("unknown-obligation", "unknown-obligation"),
    ("duplicate-key", "duplicate-key"),
    ("era-date", "expr-syntax"),
  ])
  func brokenVariantsFailWithTheirCode(variant: String, code: String) throws {
    let r = EvalFrontend(command: try EvalCommand.parse(
      ["--rules", Self.dir + "/bad/" + variant, "--as-of", "2024-04-01", Self.dir + "/facts/undetermined.yaml"])).run()
    #expect(r.exit == 2)
    #expect(r.errors.contains("error[\(code)]"), "\(r.errors)")
    // One mistake, one error: no pile of knock-on errors.
    #expect(r.errors.components(separatedBy: "error[").count - 1 <= 2, "\(r.errors)")
  }
}
