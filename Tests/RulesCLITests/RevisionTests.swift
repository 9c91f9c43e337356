import Foundation
import Testing
@testable import RulesCLI

/// A revision that carries old rules over, acknowledged lints, single-version effective dates, and
/// test files with `extends:` and `expect: {error: …}` (issue 9, item 3).
@Suite struct RevisionTests {
  static let dir = fixture("revision")

  static func check(_ args: [String]) throws -> CommandResult {
    CheckFrontend(command: try CheckCommand.parse(args)).run()
  }

  @Test func aRevisionPassesStrictAndListsWhatItAcknowledged() throws {
    let r = try Self.check(["--strict", Self.dir])
    #expect(r.exit == 0, "\(r.output)")
    let line = try #require(r.output.split(separator: "\n").first { $0.hasPrefix("acknowledged 2 findings: ") })
    #expect(line.contains("deadline-before-decision at \(Self.dir)/v2/rules.yaml:35:19 (carried over unchanged from `permits-2024`)"))
    #expect(line.contains("deadline-before-decision at \(Self.dir)/v2/rules.yaml:46:19 (旧制度の申請の期限 / NGO applications of the old scheme keep their deadline)"))
  }

  @Test func checkedAloneTheRevisionFindsTheVersionNextToIt() throws {
    let r = try Self.check(["--strict", Self.dir + "/v2"])
    #expect(r.exit == 0, "\(r.output)")
    #expect(r.output.contains("acknowledged 2 findings: "))
  }

  @Test func withoutTheOldVersionTheCarriedRuleIsReported() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lang9b-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir + "/v2", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.copyItem(atPath: Self.dir + "/v2/rules.yaml", toPath: dir + "/v2/rules.yaml")
    let r = try Self.check(["--strict", dir + "/v2"])
    #expect(r.exit == 1)
    #expect(r.output.contains("v2/rules.yaml:35:19: error[deadline-before-decision]"), "\(r.output)")
    #expect(!r.output.contains("v2/rules.yaml:46:19: error"))
    #expect(r.output.contains("acknowledged 1 finding: "))
  }

  /// The case: a revision of the bundled rules effective 2022-04-01 keeps the old measures'
  /// rules (deadlines 2021-09-30 and 2022-03-31) so old cases still read "expired".
  @Test func aRevisionOfTheBundledRulesCarriesOldMeasuresWithoutWarnings() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lang9b-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let from = packageRoot + "/rules/ismap/2021-07-06"
    for f in try FileManager.default.contentsOfDirectory(atPath: from) where f.hasSuffix(".yaml") {
      var text = try String(contentsOfFile: from + "/" + f, encoding: .utf8)
      if f == "ruleset.yaml" {
        for (a, b) in [("id: ismap-interim-2021-07-06", "id: ismap-interim-2022-04-01"),
                       ("decided_on: 2021-07-06", "decided_on: 2022-04-01"),
                       ("effective_from: 2021-07-06", "effective_from: 2022-04-01"),
                       ("supersedes: ismap-interim-2020-06-30", "supersedes: ismap-interim-2021-07-06")] {
          #expect(text.contains(a))
          text = text.replacingOccurrences(of: a, with: b)
        }
      }
      try text.write(toFile: dir + "/" + f, atomically: true, encoding: .utf8)
    }
    let r = try Self.check(["--strict", dir])
    #expect(r.exit == 0, "\(r.output)")
    #expect(r.output.contains("acknowledged 3 findings: "), "\(r.output)")
    #expect(r.output.components(separatedBy: "carried over unchanged from `ismap-interim-2021-07-06`").count == 4)
  }

  @Test func jsonListsAcknowledgements() throws {
    let r = try Self.check(["--format", "json", Self.dir])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    let acks = try #require(doc["acknowledged"] as? [[String: Any]])
    #expect(acks.count == 2)
    #expect(acks.allSatisfy { $0["code"] as? String == "deadline-before-decision" && ($0["reason"] as? String)?.isEmpty == false })
  }

  @Test func sarifMarksAcknowledgementsAsSuppressed() throws {
    let r = try Self.check(["--format", "sarif", Self.dir])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    let run = try #require((doc["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    let suppressed = results.filter { $0["suppressions"] != nil }
    #expect(suppressed.count == 2)
    let s = try #require((suppressed.first?["suppressions"] as? [[String: Any]])?.first)
    #expect(s["kind"] as? String == "inSource")
    #expect((s["justification"] as? String)?.isEmpty == false)
  }

  @Test(arguments: [("2024-03-31", 2), ("2024-04-01", 0), ("2025-03-31", 0), ("2025-04-01", 2)])
  func aSingleVersionFolderEnforcesItsEffectivePeriod(asOf: String, exit: Int32) throws {
    let facts = FileManager.default.temporaryDirectory.appendingPathComponent("lang9b-\(UUID().uuidString).yaml").path
    try "applicant: {kind: company}\napplied_on: 2024-04-01\n".write(toFile: facts, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: facts) }
    let r = EvalFrontend(command: try EvalCommand.parse(["--rules", Self.dir + "/v1", "--as-of", asOf, facts])).run()
    #expect(r.exit == exit, "\(r.output)\(r.errors)")
    if exit == 2 { #expect(r.errors.contains("error[no-version-in-effect]"), "\(r.errors)") }
  }

  @Test func twoVersionsChooseByDate() throws {
    let facts = FileManager.default.temporaryDirectory.appendingPathComponent("lang9b-\(UUID().uuidString).yaml").path
    try "applicant: {kind: ngo}\napplied_on: 2024-04-01\ntags: [charity]\n".write(toFile: facts, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: facts) }
    let r = EvalFrontend(command: try EvalCommand.parse(["--rules", Self.dir, "--as-of", "2025-04-01", facts])).run()
    #expect(r.output.contains("permits-2025"), "\(r.output)\(r.errors)")
    #expect(r.output.contains("NGO (until 2025-01-31)"), "\(r.output)")
  }

  @Test func casesExtendOthersAndExpectErrors() throws {
    let cmd = try TestCommand.parse([fixture("revision-tests") + "/cases.yaml"])
    var runner = TestRunner(options: cmd.rules, limits: cmd.limits.load, showCoverage: false, minCoverage: nil,
                            verbose: true, color: false)
    let code = runner.run(cmd.tests)
    #expect(code == 0, "\(runner.output)\(runner.errors)")
    #expect(runner.passed == 6 && runner.failed == 0)
  }

  /// Runs `test` on a file written from `body` (after a `rules:` line), returning exit code and runner.
  static func runTests(_ body: String) throws -> (Int32, TestRunner) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lang9b-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let file = dir + "/cases.yaml"
    try ("rules: \(Self.dir)\ncases:\n" + body).write(toFile: file, atomically: true, encoding: .utf8)
    let cmd = try TestCommand.parse([file])
    var runner = TestRunner(options: cmd.rules, limits: cmd.limits.load, showCoverage: false, minCoverage: nil,
                            verbose: false, color: false)
    let code = runner.run(cmd.tests)
    return (code, runner)
  }

  static let base = """
      - name: base
        as_of: 2024-08-01
        facts: {applicant: {kind: company}, applied_on: 2024-07-01}
        expect: {permit: company}

    """

  @Test func anExpectedErrorThatDoesNotHappenFails() throws {
    let (code, runner) = try Self.runTests(Self.base + """
        - name: wrong line
          extends: base
          facts: {applicant: {size: 3}}
          expect: {error: {code: unknown-fact, line: 99}}
        - name: no error at all
          extends: base
          expect: {error: {code: unknown-fact}}

      """)
    #expect(code == 1, "\(runner.output)\(runner.errors)")
    #expect(runner.passed == 1 && runner.failed == 2)
    #expect(runner.output.contains("expected error `unknown-fact` at line 99, got unknown-fact at 9:25"), "\(runner.output)")
    #expect(runner.output.contains("expected error `unknown-fact`, but the case loaded and evaluated"), "\(runner.output)")
  }

  @Test func casesThatExtendEachOtherInALoopAreAnError() throws {
    let (code, runner) = try Self.runTests(Self.base + """
        - name: a
          extends: b
          expect: {permit: company}
        - name: b
          extends: a
          expect: {permit: company}

      """)
    #expect(code == 2)
    #expect(runner.errors.contains("error[cycle]: test cases extend each other in a cycle: a → b → a"), "\(runner.errors)")
  }

  @Test func extendsNamesACaseOfTheFile() throws {
    let (code, runner) = try Self.runTests(Self.base + """
        - name: a
          extends: bse
          expect: {permit: company}

      """)
    #expect(code == 2)
    #expect(runner.errors.contains("`extends` names no case of this file: `bse`"), "\(runner.errors)")
    #expect(runner.errors.contains("did you mean `base`?"), "\(runner.errors)")
  }
}
