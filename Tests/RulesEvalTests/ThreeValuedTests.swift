import RulesEval
import RulesExpr
import Testing

@Suite struct ThreeValuedTests {
  static let base = """
    facts:
      p: bool
      q: bool
      d: {type: date, optional: true}
      n: number
    definitions:
      x: "p and q"
      y: "p or q"
      z: "d ?? 2024-12-31"
      w: "if p then 1 else 2"
    decisions:
      out:
        hit: collect
        rules:
          - {id: and, when: x}
          - {id: or, when: y}
          - {id: late, when: "z > 2024-06-30"}
          - {id: known-d, when: "known(d)"}
    """

  func run(_ facts: String) throws -> DecisionResult {
    try evaluate(try ruleSet(rules(Self.base, main: "out")), facts)["out"]
  }

  @Test func falseAndUnknownIsFalse() throws {
    let r = try run("p: false\nd: null\n")
    #expect(!r.outcomes.contains("and"))
    #expect(!r.possible.contains("and"))
  }

  @Test func trueOrUnknownIsTrue() throws {
    let r = try run("p: true\nd: null\n")
    #expect(r.outcomes.contains("or"))
    #expect(r.possible == ["and"])
    #expect(r.missingFacts == ["q"])
  }

  @Test func coalesceDistinguishesNoneFromUnknown() throws {
    // `d` given as null: known to be none, so the default applies.
    #expect(try run("p: false\nq: false\nd: null\n").outcomes.contains("late"))
    // `d` absent: unknown, so `late` is only possible and `d` is asked for.
    let r = try run("p: false\nq: false\n")
    #expect(r.possible.contains("late") && r.missingFacts.contains("d"))
    #expect(!r.outcomes.contains("known-d"))
  }

  @Test func knownIsNeverUnknown() throws {
    #expect(try run("p: false\nq: false\nd: null\n").outcomes.contains("known-d"))
    #expect(try run("p: false\nq: false\nd: 2024-01-01\n").outcomes == ["known-d"])
  }
}
