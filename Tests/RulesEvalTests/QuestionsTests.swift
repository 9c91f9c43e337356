import RulesEval
import RulesExpr
import RulesModel
import RulesSource
import RulesYAML
import Testing

@Suite struct QuestionsTests {
  // `kind` blocks both decisions; `b` and `c` wait behind it; `z` sorts first by name but is read last.
  static let base = rules("""
    facts:
      z: bool
      kind:
        type: enum
        values:
          - {value: saas, label: {ja: SaaSです, en: A SaaS}}
          - iaas
        label: {ja: 種別, en: Kind}
      b: bool
      c: bool
      noise: bool
    decisions:
      d:
        hit: first
        rules:
          - {id: r1, when: "kind == \\"saas\\" and b", source: "art. 1"}
          - {id: r2, when: "c", source: "art. 2"}
          - {id: r3, when: "z"}
        otherwise: {outcome: none}
      e:
        hit: first
        rules:
          - {id: s1, when: "kind == \\"iaas\\""}
          - {id: s2, when: "c"}
        otherwise: {outcome: none}
    """, main: "d, e")

  func questions(_ facts: String) throws -> [Question] {
    Questions.of(try evaluate(try ruleSet(Self.base), facts))
  }

  @Test func blockingFactFirstThenMostWaitedOnNeverAlphabetical() throws {
    let q = try questions("{}")
    // kind blocks r1 and s1; b blocks r1; c and z wait behind them (c for two rules, z for one).
    #expect(q.map(\.fact.name) == ["kind", "b", "c", "z"])
    #expect(q[0].neededBy.map(\.rule) == ["r1", "s1"])
    #expect(q[0].neededBy.first?.source?.clause == "art. 1")
  }

  @Test func anUntracedEvaluationGivesTheSameQuestions() throws {
    let set = try ruleSet(Self.base)
    let facts = try FactsDocument.parse(Array("kind: saas\n".utf8), path: "f.yaml").bind(to: set)
    let untraced = try Evaluator.evaluate(set, facts: facts, asOf: try CalendarDate.parse("2024-07-01"), trace: false)
    #expect(Questions.of(untraced).map(\.fact.name) == ["c", "b", "z"])
  }

  @Test func decidedCaseHasNoQuestions() throws {
    #expect(try questions("kind: iaas\nc: true\n").isEmpty)
  }

  @Test func moreWaitingRulesWinAmongBlockers() throws {
    // With `kind: saas`: b blocks r1; c blocks s2 and also waits in r2.
    #expect(try questions("kind: saas\n").map(\.fact.name) == ["c", "b", "z"])
  }

  @Test func tieGoesToTheFactReadByTheEarlierRuleNotTheName() throws {
    let set = try ruleSet(rules("""
      facts: {a: bool, m: bool}
      decisions:
        d:
          hit: collect
          rules:
            - {id: r1, when: m}
            - {id: r2, when: a}
      """))
    #expect(Questions.of(try evaluate(set, "{}")).map(\.fact.name) == ["m", "a"])
  }

  @Test func factsListedUnknownAreNeverAsked() throws {
    let e = try evaluate(try ruleSet(Self.base), "unknown: [kind]\n")
    #expect(!Questions.of(e).contains { $0.fact.name == "kind" })
    #expect(e.missingFacts.contains("kind"))
    #expect(!e.decided)
  }

  @Test func unknownListRejectsAGivenOrUndeclaredFact() throws {
    let set = try ruleSet(Self.base)
    for (text, code) in [("kind: saas\nunknown: [kind]\n", "unknown-and-given"), ("unknown: [knid]\n", "unknown-fact"),
                         ("unknown: kind\n", "expected-list")] {
      do throws(DiagnosticError) {
        let doc = try FactsDocument.parse(Array(text.utf8), path: "f.yaml")
        _ = try doc.bind(to: set)
        Issue.record("accepted \(text)")
      } catch {
        #expect(error.diagnostics.first?.code.rawValue == code)
      }
    }
  }

  @Test func enumValuesMayCarryLabels() throws {
    let set = try ruleSet(Self.base)
    let kind = set.facts[set.factIndex["kind"]!]
    #expect(kind.enumValues == ["saas", "iaas"])
    #expect(kind.valueLabels["saas"]?.ja == "SaaSです")
    #expect(kind.valueLabels["iaas"] == nil)
    let bad = loadErrors(rules("facts:\n  k: {type: enum, values: [{label: x}]}\n"))
    #expect(bad.contains { $0.code == .missingKey })
  }

  @Test func theInterviewDecidesTheCase() throws {
    let set = try ruleSet(Self.base)
    let doc = try FactsDocument.parse(Array("kind: saas\nb: false\nc: false\nz: true\nnoise: true\n".utf8), path: "f.yaml")
    let answers = try doc.bind(to: set)
    let asOf = try CalendarDate.parse("2024-07-01")
    let r = try InterviewSimulation.run(set, asOf: asOf, answers: answers, choose: InterviewSimulation.questions)
    #expect(r.decided && r.asked == 4)
    #expect(try InterviewSimulation.limit(set, asOf: asOf, answers: answers) == 4)
  }
}
