import Foundation
import RulesExpr
import RulesModel
import Testing
@testable import RulesCLI
@testable import RulesEval
@testable import RulesReport

/// `diff` shows meaning structurally: the condition node that changed, renames, reorderings that
/// mean nothing, the effect of reordering `first` rules, and cases dated before the new version.
@Suite struct StructuralDiffTests {
  static let base = """
    ruleset: {id: g-1, series: g, decided_on: 2024-04-01, effective_from: 2024-04-01, main: [grant, extras]}
    facts:
      applicant.kind: {type: enum, values: [company, ngo, person]}
      applicant.young: bool
      project.cost: number
      project.late: bool
    definitions:
      organisation: applicant.kind in ["company", "ngo"]
    obligations:
      report: {text: {ja: 報告する, en: Report}, source: art. 5}
      keep: {text: {ja: 保存する, en: Keep records}, source: art. 6}
    decisions:
      grant:
        hit: first
        rules:
          - id: startup
            source: art. 1
            when:
              all:
                - applicant.kind == "company"
                - any: [applicant.young, project.cost > 1000, project.late]
            obligations: [report, keep]
          - id: ngo
            outcome: ngo
            source: art. 3
            when: applicant.kind == "ngo"
          - id: big
            outcome: big
            source: art. 4
            when: project.cost > 5000
        otherwise: {outcome: none}
      extras:
        hit: collect
        rules:
          - {id: costly, source: art. 4, when: project.cost > 1000}
          - {id: late, source: art. 4, when: project.late}

    """

  /// Writes two rule sets (the base, and the base with `edits` applied) and diffs them.
  static func diff(_ edits: [(String, String)], extra: [String] = []) throws -> DiffFrontend.Result {
    let dir = NSTemporaryDirectory() + "ismap-sdiff-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    let fm = FileManager.default
    try fm.createDirectory(atPath: dir + "/old", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: dir + "/new", withIntermediateDirectories: true)
    defer { try? fm.removeItem(atPath: dir) }
    var changed = base
    for (a, b) in edits {
      #expect(changed.contains(a), "edit not applied: \(a)")
      changed = changed.replacingOccurrences(of: a, with: b)
    }
    try base.write(toFile: dir + "/old/rules.yaml", atomically: true, encoding: .utf8)
    try changed.write(toFile: dir + "/new/rules.yaml", atomically: true, encoding: .utf8)
    return try runDiff([dir + "/old", dir + "/new"] + extra)
  }

  @Test func aChangedNodeIsShownAtItsPathWithJustItsText() throws {
    let r = try Self.diff([("project.cost > 1000, project.late]", "project.cost > 2000, project.late]")])
    #expect(r.exit == 1)
    #expect(r.output.contains("~ rule startup\n          when.all[1].any[1]: project.cost > 1000 → project.cost > 2000\n"), "\(r.output)")
    #expect(r.output.hasSuffix("\n1 changed\n"))
    let j = try Self.diff([("project.cost > 1000, project.late]", "project.cost > 2000, project.late]")], extra: ["--format", "json"])
    #expect(j.output.contains("\"path\": \"decisions[grant].rules[startup].when.all[1].any[1]\""), "\(j.output)")
  }

  @Test func anExpressionsAndOrNotAreNodesToo() throws {
    // One operand more in an expression condition is that operand, at its path.
    let r = try Self.diff([("when: applicant.kind == \"ngo\"\n", "when: applicant.kind == \"ngo\" and project.cost < 5000\n")])
    #expect(r.exit == 1)
    #expect(r.output.contains("~ rule ngo\n          when.all[1]: (none) → project.cost < 5000\n"), "\(r.output)")
    // The same condition written as an `and` expression instead of a list is no change.
    let same = try Self.diff([(
      "when:\n          all:\n            - applicant.kind == \"company\"\n            - any: [applicant.young, project.cost > 1000, project.late]\n",
      "when: applicant.kind == \"company\" and (project.late or applicant.young or project.cost > 1000)\n")])
    #expect(same.exit == 0, "\(same.output)\(same.errors)")
  }

  @Test func aConditionMovedFromAnyIntoAllIsAMove() throws {
    let r = try Self.diff([(
      "- any: [applicant.young, project.cost > 1000, project.late]",
      "- project.cost > 1000\n            - any: [applicant.young, project.late]")])
    #expect(r.exit == 1)
    #expect(r.output.contains("when.all[1]: moved from when.all[1].any[1]: project.cost > 1000"), "\(r.output)")
    #expect(!r.output.contains("all(applicant.kind"), "no whole-condition one-liners: \(r.output)")
  }

  @Test func reorderingsWithNoMeaningAreNoChange() throws {
    let edits = [
      ("values: [company, ngo, person]", "values: [person, company, ngo]"),
      ("organisation: applicant.kind in [\"company\", \"ngo\"]", "organisation: applicant.kind in [\"ngo\", \"company\"]"),
      ("obligations: [report, keep]", "obligations: [keep, report]"),
      ("any: [applicant.young, project.cost > 1000, project.late]", "any: [project.late, applicant.young, project.cost > 1000]"),
      ("- {id: costly, source: art. 4, when: project.cost > 1000}\n      - {id: late, source: art. 4, when: project.late}",
       "- {id: late, source: art. 4, when: project.late}\n      - {id: costly, source: art. 4, when: project.cost > 1000}"),
    ]
    let r = try Self.diff(edits)
    #expect(r.exit == 0, "\(r.output)\(r.errors)")
    #expect(r.output.contains("no changes in meaning"))
    // Nor does any fact set get another answer (a `collect` decision's outcomes are a set).
    let e = try Self.diff(edits, extra: ["--explore", "--explore-budget", "500"])
    #expect(e.exit == 0, "\(e.output)")
  }

  @Test func outcomeTitlesAreCompared() throws {
    let r = try Self.diff([("  grant:\n    hit: first\n", "  grant:\n    outcomes:\n      ngo: {title: {ja: 団体, en: NGO}}\n    hit: first\n")])
    #expect(r.exit == 1, "\(r.errors)")
    #expect(r.output.contains("outcome texts: (none) → {ngo: 団体 / NGO}"), "\(r.output)")
    let v = try Self.diff([("values: [company, ngo, person]", "values: [company, {value: ngo, label: {ja: 団体, en: NGO}}, person]")])
    #expect(v.exit == 1, "\(v.errors)")
    #expect(v.output.contains("value labels: (none) → {ngo: 団体 / NGO}"), "\(v.output)")
  }

  @Test func aRenamedRuleIsARename() throws {
    let r = try Self.diff([("- id: ngo\n", "- id: ngo-grant\n")])
    #expect(r.output.contains("~ decision grant\n      ~ rule ngo renamed"), "\(r.output)")
    #expect(r.exit == 1)
    #expect(r.output.contains("~ rule ngo renamed to ngo-grant  (same content)"), "\(r.output)")
    #expect(!r.output.contains("+ rule"))
    #expect(!r.output.contains("rule order"))
    #expect(r.output.hasSuffix("\n1 renamed\n"))
    let j = try Self.diff([("- id: ngo\n", "- id: ngo-grant\n")], extra: ["--format", "json"])
    #expect(j.output.contains("\"kind\": \"renamed\""))
    #expect(j.output.contains("\"old_name\": \"ngo\""))
  }

  @Test func aRenamedAndChangedRuleIsARenameWithItsChanges() throws {
    let r = try Self.diff([("- id: ngo\n        outcome: ngo\n", "- id: non-profit\n        outcome: ngo\n"),
                           ("when: applicant.kind == \"ngo\"\n", "when: applicant.kind == \"ngo\" and project.cost < 5000\n")])
    #expect(r.exit == 1)
    #expect(r.output.contains("~ rule ngo renamed to non-profit\n          when.all[1]: (none) → project.cost < 5000\n"), "\(r.output)")
    #expect(!r.output.contains("+ rule") && !r.output.contains("- rule"), "\(r.output)")
    #expect(!r.output.contains("rule order"), "a renamed rule keeps its place: \(r.output)")
    #expect(r.output.hasSuffix("\n1 renamed\n"))
  }

  @Test func unrelatedRulesAreNotTakenForARename() throws {
    // Another outcome and no condition in common: removed and added, as before.
    let r = try Self.diff([("- id: big\n        outcome: big\n        source: art. 4\n        when: project.cost > 5000\n",
                            "- id: person\n        outcome: person\n        source: art. 4\n        when: applicant.kind == \"person\"\n")])
    #expect(r.output.contains("- rule big"), "\(r.output)")
    #expect(r.output.contains("+ rule person"), "\(r.output)")
    #expect(!r.output.contains("renamed"), "\(r.output)")
  }

  /// Deadlines and constants are compared node by node, as conditions are.
  @Test func aChangedNodeOfADeadlineOrConstantIsShownAlone() throws {
    let head = "ruleset: {id: c-1, series: c, decided_on: 2024-04-01, effective_from: 2024-04-01, main: [d]}\n"
      + "facts: {filed: date, big: bool}\n"
    func set(_ k: String, _ deadline: String) -> String {
      head + "constants: {start: 2024-04-01, k: \"\(k)\"}\n"
        + "decisions:\n  d:\n    rules:\n      - {id: r, source: s, when: big, deadline: \"\(deadline)\"}\n"
    }
    let a = try loadRuleSet(set("start + 1 year", "if filed > k then max(filed, k) + 1 month else k"))
    let b = try loadRuleSet(set("start + 2 years", "if filed > k then max(filed, k) + 2 months else k"))
    let d = RuleSetDiff.compare(a, b)
    let fields = d.sections.flatMap(\.items).flatMap { [$0] + $0.children }.flatMap(\.fields)
    #expect(fields.contains { $0.name == "value.+[1]" && $0.old == "1 year" && $0.new == "2 years" }, "\(fields)")
    #expect(fields.contains { $0.name == "deadline.then.+[1]" && $0.old == "1 month" && $0.new == "2 months" }, "\(fields)")
    // A node of another shape is shown whole.
    let c = try loadRuleSet(set("start + 1 year", "k"))
    let whole = RuleSetDiff.compare(a, c).sections.flatMap(\.items).flatMap(\.children).flatMap(\.fields)
    #expect(whole.map(\.name) == ["deadline"], "\(whole)")
  }

  static let startup = """
          - id: startup
            source: art. 1
            when:
              all:
                - applicant.kind == "company"
                - any: [applicant.young, project.cost > 1000, project.late]
            obligations: [report, keep]

    """
  static let ngo = """
          - id: ngo
            outcome: ngo
            source: art. 3
            when: applicant.kind == "ngo"

    """
  static let big = """
          - id: big
            outcome: big
            source: art. 4
            when: project.cost > 5000

    """
  static let ngoFirst = (startup + ngo, ngo + startup)

  @Test func swappedFirstRulesThatCannotBothMatchHaveNoEffect() throws {
    let r = try Self.diff([Self.ngoFirst])
    #expect(r.exit == 1)
    #expect(r.output.contains("order: [startup, ngo, big] → [ngo, startup, big]"), "\(r.output)")
    #expect(r.output.contains("ngo ↔ startup: no effect: these rules cannot both match"), "\(r.output)")
  }

  @Test func swappedFirstRulesThatCanBothMatchGiveAnExample() throws {
    // `big` before `ngo`: an NGO with a project over 5000 now gets `big`.
    let r = try Self.diff([(Self.ngo + Self.big, Self.big + Self.ngo)])
    #expect(r.exit == 1)
    #expect(r.output.contains("big ↔ ngo: decided differently, e.g. as of 2024-04-01, applicant.kind = \"ngo\", project.cost = 5001: the old order takes `ngo`, the new order `big`"), "\(r.output)")
  }

  /// In a copy of the bundled rules, a condition of type ①-ⅱ moved from the rule's list into the
  /// `or` before it: one line, at the node, instead of two long expressions.
  @Test func anISMAPConditionMovedIntoAnOrIsOneLine() throws {
    let fm = FileManager.default
    let dir = NSTemporaryDirectory() + "ismap-sdiff-move-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try fm.copyItem(atPath: packageRoot + "/rules/ismap/2021-07-06", toPath: dir)
    defer { try? fm.removeItem(atPath: dir) }
    let file = dir + "/decisions-eligibility.yaml"
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let from = "or service.in_use_or_planned_at_decision'\n          - migration.large_impact\n"
    #expect(text.contains(from))
    try text.replacingOccurrences(of: from, with: "or service.in_use_or_planned_at_decision or migration.large_impact'\n")
      .write(toFile: file, atomically: true, encoding: .utf8)
    let r = try runDiff([packageRoot + "/rules/ismap/2021-07-06", dir])
    #expect(r.exit == 1, "\(r.errors)")
    #expect(r.output.contains("~ rule eligible-1-ii\n          when.all[0].any[2]: moved from when.all[1]: migration.large_impact\n"), "\(r.output)")
    #expect(r.output.split(separator: "\n").allSatisfy { $0.count < 120 }, "\(r.output)")
  }

  /// The bundled ISMAP rules with `new-1-ii` moved above `new-1-i`: a multi-year contract with a
  /// large migration fits both, and the example found is one the two orders decide differently.
  @Test func swappingTwoISMAPTypesGivesACaseDecidedDifferently() throws {
    let fm = FileManager.default
    let dir = NSTemporaryDirectory() + "ismap-sdiff-swap-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try fm.copyItem(atPath: packageRoot + "/rules/ismap/2021-07-06", toPath: dir)
    defer { try? fm.removeItem(atPath: dir) }
    var text = try String(contentsOfFile: dir + "/decisions-measure.yaml", encoding: .utf8)
    // The rules are anchored (`- &new-1-i`) so that decision `new_measure` reuses them.
    let i1 = try #require(text.range(of: "      - &new-1-i\n")), i2 = try #require(text.range(of: "      - &new-1-ii\n"))
    let i3 = try #require(text.range(of: "      - &new-1-iii\n"))
    text = String(text[..<i1.lowerBound]) + text[i2.lowerBound..<i3.lowerBound] + text[i1.lowerBound..<i2.lowerBound]
      + text[i3.lowerBound...]
    try text.write(toFile: dir + "/decisions-measure.yaml", atomically: true, encoding: .utf8)
    let r = try runDiff([packageRoot + "/rules/ismap/2021-07-06", dir])
    #expect(r.exit == 1, "\(r.errors)")
    #expect(r.output.contains("new-1-ii ↔ new-1-i: decided differently, e.g. as of 2021-07-06"), "\(r.output)")
    #expect(r.output.contains("the old order takes `new-1-i`, the new order `new-1-ii`"))
  }

  @Test func anExhaustedSearchCannotTell() throws {
    let rs = try loadRuleSet(Self.base)
    let d = rs.decisionIndex["grant"]!
    #expect(OrderEffect.effect(of: "big", "ngo", decision: d, in: rs, budget: 1) == .unknown)
    #expect(OrderEffect.effect(of: "ngo", "startup", decision: d, in: rs) == .cannotBothMatch)
    if case .differs = OrderEffect.effect(of: "big", "ngo", decision: d, in: rs) {} else {
      Issue.record("big and ngo can both match")
    }
  }

  @Test func casesBeforeTheNewVersionAreReportedApart() throws {
    let dir = NSTemporaryDirectory() + "ismap-sdiff-cases-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try """
      cases:
        - {name: before, as_of: 2024-12-31, facts: {applicant.kind: ngo, project.cost: 6000}}
        - {name: after, as_of: 2025-01-01, facts: {applicant.kind: ngo, project.cost: 6000}}
        - {name: unchanged, as_of: 2025-01-01, facts: {applicant.kind: person, project.cost: 10}}
      """.write(toFile: dir + "/cases.yaml", atomically: true, encoding: .utf8)
    let edits = [("effective_from: 2024-04-01", "effective_from: 2025-01-01"), ("when: applicant.kind == \"ngo\"", "when: applicant.kind == \"ngo\" and project.cost < 5000")]
    let r = try Self.diff(edits, extra: ["--cases", dir])
    #expect(r.exit == 1)
    #expect(r.output.contains("cases: 1 of 3 decided differently, 1 dated before the new version takes effect"), "\(r.output)")
    #expect(r.output.contains("dated before 2025-01-01, when the new version takes effect"))
    let before = r.output.components(separatedBy: "dated before 2025-01-01")[1]
    #expect(before.contains("before (as of 2024-12-31)"))
    #expect(!before.contains("after (as of"))
    let j = try Self.diff(edits, extra: ["--cases", dir, "--format", "json"])
    #expect(j.output.contains("\"before_effective\": ["))
  }
}

func loadRuleSet(_ yaml: String) throws -> RuleSet {
  switch RuleSetLoader.load([RuleFile(path: "test.yaml", bytes: Array(yaml.utf8))], location: "test") {
  case .success(let s): return s
  case .failure(let e): throw e
  }
}
