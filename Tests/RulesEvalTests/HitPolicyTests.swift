import RulesEval
import RulesModel
import Testing

@Suite struct HitPolicyTests {
  static let facts = """
    facts:
      a: bool
      b: bool
      c: bool
    """

  func set(_ hit: String, otherwise: Bool = false) throws -> RuleSet {
    try ruleSet(rules(Self.facts + """

      decisions:
        d:
          hit: \(hit)
          rules:
            - {id: ra, when: a}
            - {id: rb, when: b}
            - {id: rc, when: c, outcome: ra}
      \(otherwise ? "    otherwise: {outcome: fallback}" : "")
      """))
  }

  @Test func firstWinsWhenEarlierRulesAreCertainlyFalse() throws {
    let s = try set("first")
    let r = try evaluate(s, "a: false\nb: true\n")["d"]
    #expect(r.determined && r.outcome == "rb" && r.rules == ["rb"])
  }

  @Test func firstIsUndeterminedWhenAnEarlierRuleIsUnknown() throws {
    let s = try set("first")
    let r = try evaluate(s, "b: true\n")["d"]
    #expect(!r.determined && r.outcome == nil)
    #expect(r.missingFacts == ["a"])
    #expect(r.possible == ["ra", "rb"])
    #expect(try evaluate(try set("first", otherwise: true), "b: false\nc: false\n")["d"].possible == ["ra", "fallback"])
  }

  @Test func firstIgnoresUnknownRulesAfterACertainMatch() throws {
    let r = try evaluate(try set("first"), "a: true\n")["d"]
    #expect(r.determined && r.outcome == "ra" && r.missingFacts.isEmpty)
  }

  @Test func otherwiseOnlyWhenEveryRuleIsCertainlyFalse() throws {
    let s = try set("first", otherwise: true)
    #expect(try evaluate(s, "a: false\nb: false\nc: false\n")["d"].outcome == "fallback")
    #expect(try evaluate(s, "a: false\nb: false\n")["d"].determined == false)
  }

  @Test func uniqueRejectsTwoCertainMatches() throws {
    let s = try set("unique")
    #expect(try evaluate(s, "a: true\nb: false\nc: false\n")["d"].outcome == "ra")
    #expect(throws: EvaluationError.self) { try evaluate(s, "a: true\nb: true\nc: false\n") }
  }

  @Test func collectListsCertainMatchesAndPossibleOnes() throws {
    let s = try set("collect")
    let r = try evaluate(s, "a: false\nb: true\n")["d"]
    #expect(r.outcomes == ["rb"])
    #expect(r.possible == ["ra"])
    #expect(!r.determined && r.missingFacts == ["c"])
    let all = try evaluate(s, "a: true\nb: true\nc: true\n")["d"]
    #expect(all.determined && all.outcomes == ["ra", "rb"])
  }
}

