import Foundation
import Testing
@testable import RulesCLI

/// Runs eval in-process with no locale in the environment (so English unless `--lang` says otherwise).
func runEval(_ args: [String]) throws -> EvalFrontend.Result {
  EvalFrontend(command: try EvalCommand.parse(args)).run()
}

@Suite struct EvalGoldenTests {
  static let young = fixture("small-facts/young-company.yaml")

  @Test func textOutput() throws {
    let r = try runEval(["--rules", fixture("small"), "--lang", "both", "--dates", "iso", "--explain", Self.young])
    #expect(r.exit == 0)
    assertSnapshot("eval-young-company.txt", r.output)
  }

  @Test func jsonOutput() throws {
    let r = try runEval(["--rules", fixture("small"), "--format", "json", Self.young])
    #expect(r.exit == 0)
    assertSnapshot("eval-young-company.json", r.output)
  }

  @Test func yamlOutputReadsBackAsTheSameTree() throws {
    let r = try runEval(["--rules", fixture("small"), "--format", "yaml", "--no-trace", Self.young])
    assertSnapshot("eval-young-company.yaml", r.output)
  }

  @Test func undeterminedExitsThreeAndNamesTheMissingFacts() throws {
    let r = try runEval(["--rules", fixture("small"), "--format", "json", fixture("small-facts/unknown-founding.yaml")])
    #expect(r.exit == 3)
    assertSnapshot("eval-unknown-founding.json", r.output)
  }

  @Test func severalFilesGiveAnArrayInArgumentOrder() throws {
    let r = try runEval(["--rules", fixture("small"), "--format", "json", "--no-trace", Self.young,
                         fixture("small-facts/unknown-founding.yaml")])
    #expect(r.exit == 3)
    #expect(r.output.hasPrefix("["))
    let a = r.output.range(of: "young-company"), b = r.output.range(of: "unknown-founding")
    #expect(a != nil && b != nil && a!.lowerBound < b!.lowerBound)
  }

  @Test func decisionsCarryTitlesCitationsAndObligationTexts() throws {
    let r = try runEval(["--rules", fixture("titled"), "--format", "json", "--no-trace", Self.young,
                         fixture("small-facts/unknown-founding.yaml")])
    #expect(r.exit == 3)
    assertSnapshot("eval-titled.json", r.output)
    // The declared outcome title wins over the rule's; an outcome without one takes its rule's title.
    #expect(r.output.contains("\"en\": \"Start-up grant\""))
  }

  @Test func ngoOutcomeIsTitledByItsRule() throws {
    let r = try runEval(["--rules", fixture("titled"), "--format", "json", "--no-trace", "--as-of", "2024-07-01",
                         fixture("small-facts/ngo.yaml")])
    #expect(r.output.contains("\"outcome_title\": {\n        \"ja\": \"NGO補助金\""), "\(r.output)")
  }

  @Test func overridesLeaveTheirMarkAndChangeTheRunDigest() throws {
    let plain = try runEval(["--rules", fixture("small"), "--format", "json", "--no-trace", Self.young])
    let set = try runEval(["--rules", fixture("small"), "--format", "json", "--no-trace", "--set", "counting=excluded", Self.young])
    assertSnapshot("eval-young-company-set.json", set.output)
    #expect(set.output.contains("\"overrides\": {\n    \"counting\": \"excluded\""))
    func digest(_ s: String) -> Substring? {
      s.range(of: "\"run_digest\": \"").map { s[$0.upperBound...].prefix(71) }
    }
    #expect(digest(plain.output) != nil && digest(plain.output) != digest(set.output))
    // The rules digest keeps its meaning: a hash of the rule files, the same with or without --set.
    func rulesDigest(_ s: String) -> Substring? {
      s.range(of: "\"digest\": \"").map { s[$0.upperBound...].prefix(71) }
    }
    #expect(rulesDigest(plain.output) != nil && rulesDigest(plain.output) == rulesDigest(set.output))
  }

  @Test func jsonErrorsGoToStandardErrorAsDiagnostics() throws {
    let r = try runEval(["--rules", fixture("small"), "--format", "json", "--as-of", "2024-07-01",
                         fixture("bad-facts/misspelt-fact.yaml")])
    #expect(r.exit == 2)
    #expect(r.output.isEmpty)
    assertSnapshot("eval-misspelt-fact-errors.json", r.errors)
  }

  @Test func outputDoesNotDependOnTheLanguage() throws {
    setenv("LANG", "ja_JP.UTF-8", 1)
    let ja = try runEval(["--rules", fixture("small"), "--format", "json", Self.young])
    setenv("LANG", "C", 1)
    let c = try runEval(["--rules", fixture("small"), "--format", "json", Self.young])
    #expect(ja.output == c.output)
  }

  @Test func asOfOptionOverridesTheFacts() throws {
    let r = try runEval(["--rules", fixture("small"), "--format", "json", "--as-of", "2026-01-01", Self.young])
    #expect(r.output.contains("\"as_of\": \"2026-01-01\""))
    #expect(r.output.contains("\"status\": \"expired\""))
  }

  @Test(arguments: [
    ("bad-facts/misspelt-fact.yaml", "error[unknown-fact]", "misspelt-fact.yaml:3:1"),
    ("bad-facts/wrong-type.yaml", "error[bad-date]", "wrong-type.yaml:2:23"),
    ("bad-facts/bad-date.yaml", "error[bad-date]", "bad-date.yaml:2:23"),
    ("bad-facts/null-required.yaml", "error[null-not-allowed]", "null-required.yaml:2:23"),
    ("bad-facts/duplicate.yaml", "error[duplicate-key]", "duplicate.yaml:3:1"),
    ("bad-facts/syntax.yaml", "error[yaml-syntax]", "syntax.yaml:3:1"),
  ])
  func badFactsArePositionedWithExitTwo(file: String, code: String, at: String) throws {
    let r = try runEval(["--rules", fixture("small"), "--as-of", "2024-07-01", fixture(file)])
    #expect(r.exit == 2)
    #expect(r.errors.contains(code), "\(r.errors)")
    #expect(r.errors.contains(at), "\(r.errors)")
    #expect(r.output.isEmpty)
  }

  @Test func bundledRulesEvaluateTheReadmeExample() throws {
    let r = try runEval(["--format", "json", "--no-trace", packageRoot + "/examples/multi-year-contract.yaml"])
    #expect(r.errors.isEmpty, "\(r.errors)")
    #expect(r.output.contains("\"interim_measure\""))
  }
}
