import Foundation
import Testing

@testable import RulesCLI

@Suite struct TemplateTests {
  static let rules = packageRoot + "/rules/ismap"

  func template(_ lang: String) throws -> CommandResult {
    TemplateFrontend(command: try TemplateCommand.parse(["--rules", Self.rules, "--lang", lang])).run()
  }

  @Test func everyFactIsCommentedOutWithItsLabel() throws {
    let r = try template("ja")
    #expect(r.exit == 0)
    assertSnapshot("template-ja.yaml", r.output)
    let en = try template("en")
    assertSnapshot("template-en.yaml", en.output)
    // Left as it is, every line is a comment: no fact is given until one is uncommented.
    #expect(!r.output.split(separator: "\n").contains { !$0.isEmpty && !$0.hasPrefix("#") })
    #expect(r.output.contains("# 機関の種別 — 選択（下の値のいずれか）"))
    #expect(r.output.contains("national_government (国の行政機関等)"))
    #expect(en.output.contains("# Kind of agency — enum"))
  }

  /// Fills in the multi-year contract case of Tests/ismap/type-1-i.yaml by uncommenting lines.
  @Test func uncommentedAndFilledTemplateEvaluates() throws {
    var text = try template("en").output
    let fill = [
      "as_of": "2021-08-01", "agency.kind": "national_government", "service.name": "業務基盤クラウド",
      "service.registered_on": "null", "service.model": "iaas", "service.in_use_or_planned_at_decision": "true",
      "service.used_from": "2020-04-01", "alternative.exists": "true", "alternative.status": "registered",
      "contract.multi_year": "true", "contract.signed_on": "2021-07-05", "contract.ends_on": "2024-03-31",
      "migration.large_impact": "false", "construction.in_progress": "false", "saas.delay_reason": "none",
      "application.status": "expected", "application.expected_within_old_period": "true",
    ]
    for (fact, value) in fill {
      let line = fact == "as_of" ? "# as_of: YYYY-MM-DD" : "# \(fact): "
      #expect(text.contains(line + "\n"), "no line for \(fact)")
      text = text.replacingOccurrences(of: line + "\n", with: "\(fact): \(value)\n")
    }
    let dir = try scratchFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try text.write(toFile: dir + "/case.yaml", atomically: true, encoding: .utf8)
    let e = try runEval(["--rules", Self.rules, "--format", "json", "--no-trace", dir + "/case.yaml"])
    #expect(e.errors == "")
    #expect(e.exit == 0)
    #expect(e.output.contains("\"outcome\": \"new-1-i\""))
    #expect(e.output.contains("\"questions\": []"))
  }
}
