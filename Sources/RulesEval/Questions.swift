import RulesExpr
import RulesModel

/// A fact an interview should ask next, with the rules of the main decisions that wait on it.
package struct Question: Sendable {
  /// Index of the fact in the rule set's declarations.
  package let factIndex: Int
  package let fact: FactDecl
  /// The undecided rules of the main decisions whose result this fact would help settle, main order first.
  package let neededBy: [Need]

  /// One rule that waits on the fact.
  package struct Need: Hashable, Sendable {
    package let decision: String
    package let rule: String
    package let source: Citation?
  }
}

/// The interview derived from an evaluation: the unknown facts the main decisions still need, in the
/// order to ask them.
///
/// Order: first the fact that most blocking rules wait on — the rule that holds up an undecided main
/// decision: its first unknown rule under `first`/`unique`, every unknown rule under `collect`, a match
/// whose deadline is unknown — since nothing after it matters until it is settled. Then the fact that
/// most still-undecided rules of the main decisions wait on (`RuleTrace.missingIndices`, which reach
/// through the decisions a rule reads). Ties go to the fact read by the earlier rule (main decisions
/// in `main` order, rules in list order), then to declaration order. On the ISMAP suite this asks
/// about as few questions as the fewest facts that decide each case (docs/interview.md).
/// Facts listed under the facts file's `unknown:` are never asked.
///
/// The order comes from the traces; an untraced evaluation that is undecided is evaluated again with
/// traces (the answers are the same either way), so callers may evaluate without them.
package enum Questions {
  package static func of(_ evaluation: Evaluation) -> [Question] {
    guard !evaluation.decided else { return [] }
    var e = evaluation
    let rs = e.ruleSet
    if rs.main.contains(where: { !e.results[$0].determined && e.results[$0].trace.isEmpty && !rs.decisions[$0].rules.isEmpty }),
      let traced = try? Program.evaluate(rs, facts: e.facts, asOf: e.asOf, asOfSource: e.asOfSource, trace: true)
    {
      e = traced
    }
    let skip = Set(e.facts.unknown)
    var blockers: [Int: Int] = [:]
    var waiting: [Int: Int] = [:]
    var first: [Int: Int] = [:]  // fact → position of the first rule that waits on it
    var needs: [Int: [Question.Need]] = [:]
    var position = 0
    for d in rs.main where !e.results[d].determined {
      let r = e.results[d]
      var blocking = true
      for t in r.trace {
        position += 1
        guard !t.missingIndices.isEmpty else { continue }
        let blocks = blocking
        if r.hit != .collect && t.result == .unknown { blocking = false }
        let need = Question.Need(decision: r.name, rule: t.rule, source: t.source)
        for f in t.missingIndices where !skip.contains(f) {
          waiting[f, default: 0] += 1
          if blocks { blockers[f, default: 0] += 1 }
          if first[f] == nil { first[f] = position }
          if needs[f]?.contains(need) != true { needs[f, default: []].append(need) }
        }
      }
    }
    // Facts the decisions miss that no trace names (an evaluation without traces) come last.
    var rest: [Int] = []
    for name in e.missingFacts {
      if let i = rs.factIndex[name], waiting[i] == nil, !skip.contains(i) { rest.append(i) }
    }
    let ranked = waiting.keys.sorted { a, b in
      let (ba, bb) = (blockers[a] ?? 0, blockers[b] ?? 0)
      if ba != bb { return ba > bb }
      if waiting[a]! != waiting[b]! { return waiting[a]! > waiting[b]! }
      if first[a]! != first[b]! { return first[a]! < first[b]! }
      return a < b
    }
    return (ranked + rest.sorted()).map { Question(factIndex: $0, fact: rs.facts[$0], neededBy: needs[$0] ?? []) }
  }
}
