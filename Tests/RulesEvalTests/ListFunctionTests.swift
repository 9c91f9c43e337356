import RulesEval
import RulesModel
import RulesSource
import Testing

/// `intersects`, `any_in`, and `min`/`max` of a list: types checked at load time, values at evaluation.
@Suite struct ListFunctionTests {
  static let facts = """
    facts:
      tags: {type: list, of: string}
      kinds: {type: list, of: string}
      days: {type: list, of: date}
      costs: {type: list, of: number}
      kind: {type: enum, values: [company, ngo]}
      a: date
      b: date
    """

  func set(_ expr: String, deadline: String? = nil) -> String {
    rules(Self.facts + """

      decisions:
        d:
          rules:
            - id: r
              when: '\(expr)'
      \(deadline.map { "        deadline: '\($0)'" } ?? "")
          otherwise: {outcome: none}
      """)
  }

  @Test(arguments: [
    ("intersects(tags, kinds)", "tags: [x, y]\nkinds: [y, z]\n", true),
    ("intersects(tags, kinds)", "tags: [x]\nkinds: [y, z]\n", false),
    ("intersects(tags, kinds)", "tags: []\nkinds: [y]\n", false),
    ("any_in(tags, [\"cloud\", \"saas\"])", "tags: [saas]\n", true),
    ("any_in(tags, [\"cloud\", \"saas\"])", "tags: [paas]\n", false),
    ("max(costs) > 10", "costs: [3, 12, 7]\n", true),
    ("min(costs) == 3", "costs: [3, 12, 7]\n", true),
    ("max(days) == 2024-05-01", "days: [2024-01-01, 2024-05-01, 2023-12-31]\n", true),
    ("min(days) == 2023-12-31", "days: [2024-01-01, 2024-05-01, 2023-12-31]\n", true),
    ("min(a, b) == a", "a: 2024-01-01\nb: 2024-02-01\n", true),
    ("max(a, b, 2030-01-01) == 2030-01-01", "a: 2024-01-01\nb: 2024-02-01\n", true),
    ("max([a, b]) == b", "a: 2024-01-01\nb: 2024-02-01\n", true),
  ] as [(String, String, Bool)])
  func listFunctionsEvaluate(expr: String, facts: String, matches: Bool) throws {
    let s = try ruleSet(set(expr))
    #expect(try evaluate(s, facts)["d"].outcome == (matches ? "r" : "none"), "\(expr) with \(facts)")
  }

  @Test func anUnknownListLeavesTheDecisionUndetermined() throws {
    let r = try evaluate(try ruleSet(set("intersects(tags, kinds)")), "tags: [x]\n")["d"]
    #expect(!r.determined && r.missingFacts == ["kinds"])
  }

  @Test func maxOfADateListIsADeadline() throws {
    let s = try ruleSet(set("true", deadline: "max(days)"))
    #expect(try evaluate(s, "days: [2024-01-01, 2025-03-31]\n")["d"].deadline?.description == "2025-03-31")
  }

  @Test func minOfAnEmptyListIsAnEvaluationError() throws {
    let s = try ruleSet(set("min(costs) > 0"))
    #expect(throws: EvaluationError.self) { try evaluate(s, "costs: []\n") }
  }

  @Test(arguments: [
    ("intersects(tags, costs)", "type-mismatch", "lists of one kind"),
    ("intersects(tags)", "wrong-arguments", "two lists"),
    ("any_in(kind, [\"ngo\"])", "type-mismatch", "`kind in [...]`"),
    ("any_in([kind], [\"ngoo\"])", "unknown-value", "did you mean `ngo`?"),
    ("max(tags) > 1", "type-mismatch", "numbers or dates"),
  ] as [(String, String, String)])
  func misuseIsALoadError(expr: String, code: String, text: String) throws {
    let e = try #require(loadErrors(set(expr)).first)
    #expect(e.code.rawValue == code, "\(e.message)")
    #expect(e.message.contains(text) || e.help?.contains(text) == true, "\(e.message) / \(e.help ?? "")")
  }
}
