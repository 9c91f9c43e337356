import Foundation
import Testing
@testable import RulesCLI

/// `ismap-rules check`, run in-process.
@Suite struct CheckTests {
  static let root: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
  }()
  static let fixtures = root + "/Tests/RulesCLITests/Fixtures/"
  static let planted = fixtures + "check-planted"
  static let plantedFile = "Tests/RulesCLITests/Fixtures/check-planted/v1/rules.yaml"

  static func check(_ args: [String]) throws -> CheckFrontend.Result {
    CheckFrontend(command: try CheckCommand.parse(args)).run()
  }

  /// `file:line:col: severity[code]` of each finding, paths relative to the package.
  static func headlines(_ output: String) -> [String] {
    output.split(separator: "\n").map(String.init).filter { $0.contains("]: ") && !$0.hasPrefix(" ") }
      .map { $0.replacingOccurrences(of: root + "/", with: "") }
  }

  @Test func everyPlantedMistakeIsReportedInOneRunAtItsPlace() throws {
    let r = try Self.check([Self.planted])
    #expect(r.exit == 1)
    let lines = Self.headlines(r.output)
    let f = Self.plantedFile
    let expected: [(String, String)] = [
      ("\(f):56:9: error[unknown-key]", "did you mean `title`?"),  // typo in a key
      ("\(f):58:15: error[unknown-fact]", "did you mean `applicant.kind`?"),  // typo in a fact name
      ("\(f):59:23: error[unknown-obligation]", "did you mean `report`?"),  // typo in an obligation id
      ("\(f):62:15: error[type-mismatch]", ""),  // a type error
      ("\(f):67:15: error[cycle]", "loop_a → loop_b → loop_a"),  // a decision cycle, at each reference that closes it
      ("\(f):72:15: error[cycle]", "`loop_b` reads `loop_a` here"),
      ("\(f):34:13: warning[shadowed-rule]", "`company`"),  // a shadowed rule
      ("\(f):49:13: error[unique-overlap]", "project.cost = "),  // an overlapping unique pair, with a witness
      ("\(f):40:13: warning[missing-source]", "rule `ngo`"),  // a missing citation (rule)
      ("\(f):24:3: warning[missing-source]", "obligation `publish`"),  // a missing citation (obligation)
      ("\(f):12:3: warning[unused-fact]", "`applicant.website`"),  // an unused fact
      ("\(f):33:19: warning[month-overflow]", "2020-02-29 + 1 year"),  // Feb 29 + 1 year
      ("\(f):42:19: warning[deadline-before-decision]", "2023-03-31"),  // a past constant deadline
      ("Tests/RulesCLITests/Fixtures/check-planted/v0/rules.yaml:7:20: warning[overlapping-versions]", "2024-04-01"),
    ]
    for (head, detail) in expected {
      let hit = lines.first { $0.hasPrefix(head) }
      #expect(hit != nil, "missing: \(head)\n\(r.output)")
      if let hit, !detail.isEmpty {
        // The detail is on the headline or in its help.
        let block = r.output.components(separatedBy: hit.replacingOccurrences(of: Self.root + "/", with: "")).dropFirst().first ?? ""
        #expect(hit.contains(detail) || block.prefix(600).contains(detail), "\(head) should mention \(detail)")
      }
    }
  }

  @Test func theOverlapWitnessReallyMakesBothRulesMatch() throws {
    let r = try Self.check([Self.planted])
    let line = try #require(Self.headlines(r.output).first { $0.contains("unique-overlap") })
    // The witness names a cost under 1000 and a filing date after the cut-off.
    let cost = try #require(line.firstMatch(of: /project\.cost = (-?\d+)/)?.1)
    let filed = try #require(line.firstMatch(of: /application\.filed_on = (\d{4}-\d{2}-\d{2})/)?.1)
    #expect(Int(cost)! < 1000)
    #expect(String(filed) > "2024-06-30")
  }

  @Test func strictTurnsWarningsIntoErrors() throws {
    let loose = try Self.check([Self.fixtures + "check-warnings"])
    #expect(loose.exit == 0)
    #expect(loose.output.contains("warning[missing-source]"))
    let strict = try Self.check(["--strict", Self.fixtures + "check-warnings"])
    #expect(strict.exit == 1)
    #expect(strict.output.contains("error[missing-source]"))
  }

  @Test func aCleanRuleSetExitsZero() throws {
    let r = try Self.check(["--strict", Self.fixtures + "small"])
    #expect(r.exit == 0, "\(r.output)")
    #expect(r.output == "checked 1 rule set: no problems found\n")
  }

  @Test func aYAMLSyntaxErrorIsAFindingAtItsPosition() throws {
    let r = try Self.check([Self.fixtures + "check-syntax"])
    #expect(r.exit == 1)
    #expect(Self.headlines(r.output).contains { $0.hasPrefix("Tests/RulesCLITests/Fixtures/check-syntax/rules.yaml:10:1") && $0.contains("error[") })
  }

  @Test func anUnreadablePathExitsTwo() throws {
    let r = try Self.check([Self.fixtures + "no-such-folder", Self.fixtures + "small"])
    #expect(r.exit == 2)
    #expect(r.output.contains("unreadable-file"))
  }

  @Test func bundledRulesPassStrict() throws {
    let r = try Self.check(["--strict", Self.root + "/rules/ismap"])
    #expect(r.exit == 0, "\(r.output)")
  }

  @Test func goldenText() throws {
    assertSnapshot("check-planted.txt", try Self.check([Self.planted]).output)
  }

  @Test func goldenJSON() throws {
    assertSnapshot("check-planted.json", try Self.check(["--format", "json", Self.planted]).output)
  }

  @Test func goldenSARIF() throws {
    assertSnapshot("check-planted.sarif", try Self.check(["--format", "sarif", Self.planted]).output)
  }

  /// Reads the SARIF back as JSON and finds each finding at its line.
  @Test func sarifCarriesTheRequiredFieldsAndLandsOnTheLine() throws {
    let r = try Self.check(["--format", "sarif", Self.planted])
    let log = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    #expect((log["$schema"] as? String)?.contains("sarif") == true)
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "ismap-rules")
    let rules = try #require(driver["rules"] as? [[String: Any]])
    let ruleIDs = Set(rules.compactMap { $0["id"] as? String })
    #expect(rules.allSatisfy { (($0["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false })
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == Self.headlines(try Self.check([Self.planted]).output).count)
    for res in results {
      let id = try #require(res["ruleId"] as? String)
      #expect(ruleIDs.contains(id))
      #expect(["error", "warning", "note"].contains(res["level"] as? String ?? ""))
      #expect(((res["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
    }
    let overlap = try #require(results.first { $0["ruleId"] as? String == "unique-overlap" })
    let loc = try #require((overlap["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
    let uri = try #require((loc["artifactLocation"] as? [String: Any])?["uri"] as? String)
    let region = try #require(loc["region"] as? [String: Any])
    #expect(uri.hasSuffix("check-planted/v1/rules.yaml"))
    #expect(region["startLine"] as? Int == 49)
    #expect(region["startColumn"] as? Int == 13)
    // The line it points at is the rule it names.
    let text = try String(contentsOfFile: Self.planted + "/v1/rules.yaml", encoding: .utf8)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false)[48]
    #expect(line.contains("- id: late"))
  }

  @Test func jsonListsEveryFindingWithItsPlace() throws {
    let r = try Self.check(["--format", "json", Self.planted])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    let ds = try #require(doc["diagnostics"] as? [[String: Any]])
    let cycle = try #require(ds.first { $0["code"] as? String == "cycle" })
    #expect(cycle["line"] as? Int == 67)
    #expect(cycle["column"] as? Int == 15)
    #expect((cycle["file"] as? String)?.hasSuffix("v1/rules.yaml") == true)
  }

  @Test func firstShadowingFoundByExhaustiveSearch() throws {
    let r = try Self.check([Self.fixtures + "check-shadow"])
    let lines = Self.headlines(r.output)
    #expect(lines.contains { $0.contains("shadowed-rule") && $0.contains("`both`") }, "\(r.output)")
    // A rule that does apply in some case is not reported.
    #expect(!lines.contains { $0.contains("`ngo-only`") && $0.contains("shadowed-rule") })
  }
}
