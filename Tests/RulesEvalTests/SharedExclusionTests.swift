import RulesEval
import RulesModel
import RulesSource
import Testing

/// Top-level `exclusions:` named from a rule's `unless:`, and `allow:` lists.
@Suite struct SharedExclusionTests {
  static let body = """
    facts:
      signed_on: date
      multi_year: bool
      other: bool
    constants:
      decision_date: 2021-07-06
    exclusions:
      contract-after-decision:
        when: signed_on >= decision_date
        reason: {ja: 本決定以降に締結, en: Signed on or after the decision}
        source: 2-ⅱ なお書き
    decisions:
      d:
        rules:
          - id: a
            when: multi_year
            unless: [contract-after-decision]
            source: s
          - id: b
            when: other
            unless: [contract-after-decision, {id: own, when: "not multi_year", source: s}]
            source: s
        otherwise: {outcome: none}
      e:
        rules:
          - {id: c, when: "d.excluded contains \\"contract-after-decision\\"", source: s}
    """

  @Test func aSharedExclusionFiresUnderItsOwnIdInEveryRule() throws {
    let s = try ruleSet(rules(Self.body, main: "d"))
    let late = try evaluate(s, "signed_on: 2022-01-01\nmulti_year: true\nother: true\n")
    #expect(late["d"].outcome == "none")
    #expect(late["d"].excluded.map(\.exclusion) == ["contract-after-decision", "contract-after-decision"])
    #expect(late["d"].excluded.first?.reason?.en == "Signed on or after the decision")
    #expect(late["e"].outcome == "c")
    let early = try evaluate(s, "signed_on: 2020-01-01\nmulti_year: true\nother: true\n")
    #expect(early["d"].outcome == "a" && early["e"].outcome == nil)
  }

  @Test func aMisspeltSharedExclusionIsALoadErrorAtTheReference() throws {
    let y = rules(Self.body.replacingOccurrences(of: "unless: [contract-after-decision]", with: "unless: [contract-after-decison]"))
    let e = try #require(loadErrors(y).first { $0.code == .unknownExclusion })
    #expect(e.help == "did you mean `contract-after-decision`?")
    #expect(e.range.start == SourcePosition(line: 18, column: 18))
  }

  @Test func anErrorInASharedExclusionIsReportedOnceAtItsDeclaration() throws {
    let y = rules(Self.body.replacingOccurrences(of: "signed_on >= decision_date", with: "signed_on >= decison_date"))
    let errs = loadErrors(y).filter { $0.code == .unknownName }
    #expect(errs.count == 1)
    #expect(errs.first?.range.start.line == 10)
  }

  @Test func movingAnExclusionToTheSharedListKeepsTheRuleTheSame() throws {
    let inline = rules(Self.body.replacingOccurrences(
      of: "unless: [contract-after-decision]\n",
      with: "unless: [{id: contract-after-decision, when: signed_on >= decision_date, reason: {ja: 本決定以降に締結, en: Signed on or after the decision}, source: 2-ⅱ なお書き}]\n"))
    let a = try ruleSet(inline), b = try ruleSet(rules(Self.body))
    #expect(a.decisions[0].rules[0].unless.first?.shared == false)
    #expect(b.decisions[0].rules[0].unless.first?.shared == true)
    #expect(a.decisions[0].rules[0] == b.decisions[0].rules[0])
  }

  @Test func allowNeedsAKnownLintAndAReason() throws {
    let noReason = rules(Self.body.replacingOccurrences(
      of: "        source: s\n      - id: b", with: "        source: s\n        allow: [{lint: missing-source}]\n      - id: b"))
    #expect(loadErrors(noReason).contains { $0.code == .missingKey && $0.message.contains("`reason:`") })
    let typo = rules(Self.body.replacingOccurrences(
      of: "        source: s\n      - id: b",
      with: "        source: s\n        allow: [{lint: missing-sourse, reason: carried over}]\n      - id: b"))
    let e = try #require(loadErrors(typo).first { $0.code == .unknownLint })
    #expect(e.help == "did you mean `missing-source`?")
  }
}
