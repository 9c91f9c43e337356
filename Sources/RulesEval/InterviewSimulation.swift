import RulesExpr
import RulesModel

/// Plays an interview against a known case: starting from no facts, ask one fact, answer it from the
/// case (a fact the case does not give is answered "don't know"), re-evaluate, until the main
/// decisions are decided. Measures how many questions an ordering needs (`make bench-interview`).
package enum InterviewSimulation {
  /// How to pick the next fact from an evaluation; nil ends the interview.
  package typealias Chooser = @Sendable (Evaluation) -> Int?

  /// The order `questions` gives.
  package static let questions: Chooser = { Questions.of($0).first?.factIndex }

  /// The first missing fact in declaration (facts.yaml) order.
  package static let declarationOrder: Chooser = { e in
    let skip = Set(e.facts.unknown)
    return e.missingFacts.compactMap { e.ruleSet.factIndex[$0] }.filter { !skip.contains($0) }.min()
  }

  /// The first missing fact by name (what `missing_facts` lists first).
  package static let alphabetical: Chooser = { e in
    let skip = Set(e.facts.unknown)
    return e.missingFacts.compactMap { e.ruleSet.factIndex[$0] }.first { !skip.contains($0) }
  }

  /// The number of questions asked, and whether the interview ended decided.
  package static func run(_ ruleSet: RuleSet, asOf: CalendarDate, answers: Facts, choose: Chooser)
    throws(EvaluationError) -> (asked: Int, decided: Bool)
  {
    var values = [Value?](repeating: nil, count: ruleSet.facts.count)
    var unknown: [Int] = []
    var asked = 0
    while true {
      let facts = Facts(values: values, given: [], path: "<interview>", unknown: unknown)
      let e = try Program.evaluate(ruleSet, facts: facts, asOf: asOf)
      if e.decided { return (asked, true) }
      guard let i = choose(e), values[i] == nil, !unknown.contains(i) else { return (asked, false) }
      asked += 1
      if let v = answers.values[i] { values[i] = v } else { unknown.append(i) }
    }
  }

  /// The fewest of the case's facts found to decide it: drop the given facts one at a time, in
  /// declaration order, keeping each drop that leaves the case decided. No interview needs fewer
  /// answers than a truly smallest set; this greedy set is an upper bound on that.
  package static func limit(_ ruleSet: RuleSet, asOf: CalendarDate, answers: Facts) throws(EvaluationError) -> Int {
    var values = answers.values
    for i in values.indices where values[i] != nil {
      let kept = values[i]
      values[i] = nil
      let e = try Program.evaluate(ruleSet, facts: Facts(values: values, given: [], path: "<limit>"), asOf: asOf,
                                     trace: false)
      if !e.decided { values[i] = kept }
    }
    return values.count { $0 != nil }
  }
}
