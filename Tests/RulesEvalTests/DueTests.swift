import RulesEval
import RulesExpr
import RulesModel
import Testing

/// `due:` on obligations and on a rule's obligation references.
@Suite struct DueTests {
  static let set = rules("""
    facts:
      kind: {type: enum, values: [a, b, c]}
      signed_on: date
    obligations:
      plan: {text: {ja: 計画, en: Plan}, due: fiscal_year_end(signed_on)}
      report: {text: {ja: 報告, en: Report}}
      fixed: {text: {ja: 固定, en: Fixed}, due: 2024-03-31}
    decisions:
      d:
        hit: collect
        rules:
          - {id: r1, when: 'kind == "a"', obligations: [plan, report]}
          - {id: r2, when: 'kind == "b"', obligations: [{id: plan, due: 2025-01-31}, fixed]}
          - {id: plan, when: 'kind == "c"'}
    """)

  @Test func anObligationsDueIsEvaluatedForTheCase() throws {
    let e = try evaluate(try ruleSet(Self.set), "kind: a\nsigned_on: 2024-05-01\n")
    #expect(e.dues["plan"] == .date(try CalendarDate.parse("2025-03-31")))
    #expect(e.dues["report"] == Due.none)
    #expect(e.dues["plan"]?.overdue(on: e.asOf) == false)
    #expect(e.dues["fixed"] == nil, "only the obligations the case gets have a due entry")
  }

  @Test func aRulesDueWinsOverTheObligationsOwn() throws {
    let e = try evaluate(try ruleSet(Self.set), "kind: b\n")
    #expect(e.dues["plan"] == .date(try CalendarDate.parse("2025-01-31")))
    #expect(e.dues["fixed"] == .date(try CalendarDate.parse("2024-03-31")))
    #expect(e.dues["fixed"]?.overdue(on: e.asOf) == true)
  }

  @Test func anUnknownDueNamesTheFactsItWaitsOn() throws {
    let e = try evaluate(try ruleSet(Self.set), "kind: a\n")
    #expect(e.dues["plan"] == .unknown(["signed_on"]))
    #expect(e.dues["plan"]?.overdue(on: e.asOf) == nil)
  }

  @Test func anOutcomeNamingAnObligationStandsForIt() throws {
    let e = try evaluate(try ruleSet(Self.set), "kind: c\nsigned_on: 2021-07-06\n")
    #expect(e.dues["plan"] == .date(try CalendarDate.parse("2022-03-31")))
  }

  @Test(arguments: [
    ("plan: {due: kind}", "`due` must be a date"),
    ("plan: {due: 2024-13-01}", "expr-syntax"),
  ])
  func aDueThatIsNotADateIsAnError(decl: String, expected: String) {
    let errors = loadErrors(rules("""
      facts: {kind: {type: enum, values: [a]}}
      obligations:
        \(decl)
      decisions:
        d: {rules: [{id: r, when: 'kind == "a"', obligations: [plan]}]}
      """))
    #expect(errors.contains { $0.message.contains(expected) || $0.code.rawValue == expected }, "\(errors)")
  }
}
