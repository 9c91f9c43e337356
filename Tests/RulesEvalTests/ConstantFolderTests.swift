import RulesEval
import RulesModel
import RulesSource
import Testing

/// The constant folder behind `check`'s lints (overlap and shadowing search,
/// `deadline-before-decision`, `month-overflow`) folds a call only when every argument folds:
/// each date expression below mixes constants with a fact, an optional fact or `as_of`, and is
/// placed everywhere the lints look. Before the fix, each one stopped `check` with a trap.
@Suite struct ConstantFolderTests {
  static let header = """
    ruleset: {id: t, series: t, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [d]}
    facts:
      day: date
      opt: {type: date, optional: true}
      len: duration
      opt_len: {type: duration, optional: true}
      flag: bool
    constants:
      k: 2024-03-31
      k2: 2024-06-30
      kd: 1 year

    """

  /// Date expressions that read a fact, an optional fact or `as_of` beside constants.
  static let partlyConstant = [
    "max(day)", "min(day)", "min(day, k)", "max(k, as_of)", "min(as_of)", "max(opt ?? k)", "min(opt ?? k, k)",
    "max(k, opt ?? day, day)", "period_end(k, len)", "period_end(k, opt_len ?? kd)", "add(k, len)",
    "add(k, opt_len ?? kd)", "if days_between(k, day) > 0 then k else k2", "if days_between(k, as_of) > 0 then k else k2",
    "if days_between(as_of, k) > days_between(k, k2) then k2 else k",
  ]

  /// Where the lints look: a condition, a deadline, `otherwise`, under `+ 1 month`, an unused definition.
  static func placements(_ x: String) -> [(String, String)] {
    func set(when: String = "flag", deadline: String? = nil, otherwise: String? = nil, definition: String? = nil) -> String {
      header + """
        definitions:
          used: flag
          unused: "\(definition ?? "true")"
        decisions:
          d:
            hit: first
            rules:
              - id: a
                source: s
                when: "\(when)"
        \(deadline.map { "        deadline: \"\($0)\"" } ?? "")
              - id: b
                source: s
                when: "\(when) and flag"
            otherwise: {outcome: none\(otherwise.map { ", deadline: \"\($0)\"" } ?? "")}

        """
    }
    let x = "(\(x))"
    return [
      ("condition", set(when: "\(x) > k")),
      ("condition under + 1 month", set(when: "\(x) + 1 month >= k2")),
      ("deadline", set(deadline: x)),
      ("deadline under + 1 month", set(deadline: "\(x) + 1 month")),
      ("otherwise deadline", set(otherwise: x)),
      ("otherwise deadline under - 1 month", set(otherwise: "\(x) - 1 month")),
      ("unused definition", set(definition: "\(x) < k2")),
      ("unused definition under + 1 year", set(definition: "\(x) + 1 year < k2")),
    ]
  }

  static let cases: [(String, String)] = partlyConstant.flatMap { x in placements(x).map { ("\(x) in \($0.0)", $0.1) } }

  @Test(arguments: cases.indices) func lintsFinishOnPartlyConstantCalls(_ i: Int) throws {
    let (name, yaml) = Self.cases[i]
    let (set, found, used) = RuleSetLoader.check([RuleFile(path: "t.yaml", bytes: Array(yaml.utf8))], location: "t")
    let errors = found.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(name): \(errors.map(\.message))")
    let rs = try #require(set, "\(name)")
    let lints = RuleSetLint.run(rs, loadDiagnostics: found, usedFacts: used)
    // Nothing here is the same date for every case, so no lint may call it one.
    #expect(!lints.contains { $0.code == .deadlineBeforeDecision }, "\(name): \(lints.map(\.message))")
    #expect(!lints.contains { $0.message.contains("has no answer") }, "\(name): \(lints.map(\.message))")
  }

  /// `max(a, b ?? x, x)` is not `max(a, x)`: `b` may be later than both.
  @Test func maxWithAnOptionalIsNotFoldedWithoutIt() throws {
    let yaml = Self.header + """
      decisions:
        d:
          rules:
            - {id: a, source: s, when: flag, deadline: "max(2020-01-01, opt ?? 2019-01-01, 2019-01-01)"}
          otherwise: {outcome: none}

      """
    let (set, found, used) = RuleSetLoader.check([RuleFile(path: "t.yaml", bytes: Array(yaml.utf8))], location: "t")
    let rs = try #require(set)
    #expect(found.filter { $0.severity == .error }.isEmpty)
    let lints = RuleSetLint.run(rs, loadDiagnostics: found, usedFacts: used)
    #expect(!lints.contains { $0.code == .deadlineBeforeDecision }, "\(lints.map(\.message))")
    // A deadline of constants only is still folded (and warned about).
    let past = Self.header + """
      decisions:
        d:
          rules:
            - {id: a, source: s, when: flag, deadline: "max(2020-01-01, 2019-01-01)"}
          otherwise: {outcome: none}

      """
    let (set2, found2, used2) = RuleSetLoader.check([RuleFile(path: "t.yaml", bytes: Array(past.utf8))], location: "t")
    let lints2 = RuleSetLint.run(try #require(set2), loadDiagnostics: found2, usedFacts: used2)
    #expect(lints2.contains { $0.code == .deadlineBeforeDecision && $0.message.contains("2020-01-01") })
  }

  /// A constant that cannot be computed reports why, at its place, not "must not depend on facts".
  @Test(arguments: [
    ("2021-01-31 + 1 month", "2021-02-31"),
    ("1 / 0", "division by zero"),
    ("add(2020-02-29, 1 year)", "2021-02-29"),
  ])
  func aConstantThatFailsSaysWhy(_ expr: String, _ reason: String) throws {
    let yaml = "constants:\n  bad: \(expr)\n" + """
      ruleset: {id: t, series: t, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [d]}
      facts: {flag: bool}
      decisions:
        d:
          rules: [{id: a, source: s, when: flag}]

      """
    let errors = loadErrors(yaml)
    let e = try #require(errors.first { $0.code == .evaluationFailed }, "\(errors.map { "\($0.code) \($0.message)" })")
    #expect(e.message.contains("constant `bad`") && e.message.contains(reason), "\(e.message)")
    #expect(e.range.start.line == 2, "\(e.range)")
    #expect(!errors.contains { $0.code == .notConstant })
  }
}
