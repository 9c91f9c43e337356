import RulesExpr
import RulesModel
import RulesSource

/// Whether swapping two rules of a `first` decision can change an answer, for `diff`.
///
/// Reuses the lints' witness search over the conditions' boundary values: when no fact set of those
/// values lets both rules match, the order between them cannot matter; when one does, it is an
/// example case decided differently (checked by evaluating every rule of the decision under it).
package enum OrderEffect {
  package enum Answer: Sendable, Equatable {
    /// The witness search finished without finding facts under which both rules match.
    case cannotBothMatch
    /// Both rules give the same outcome, deadline and obligations, so whichever comes first answers the same.
    case sameAnswer
    /// A fact set under which the old order takes `oldRule` and the new order takes `newRule`.
    case differs(asOf: CalendarDate, facts: [(String, Value)], oldRule: String, newRule: String)
    /// The search ran out of budget, or its witness was taken by another rule.
    case unknown

    package static func == (a: Answer, b: Answer) -> Bool {
      switch (a, b) {
      case (.cannotBothMatch, .cannotBothMatch), (.sameAnswer, .sameAnswer), (.unknown, .unknown): return true
      case (.differs(let d1, let f1, let o1, let n1), .differs(let d2, let f2, let o2, let n2)):
        return d1 == d2 && o1 == o2 && n1 == n2 && f1.map(\.0) == f2.map(\.0) && f1.map(\.1) == f2.map(\.1)
      default: return false
      }
    }
  }

  /// The effect of reordering rules `a` and `b` of decision `decision` in `rs` (the new version),
  /// where `oldRank` gives each rule id's position in the old order (rules the old version lacks
  /// keep their new position).
  package static func effect(
    of a: String, _ b: String, decision: Int, in rs: RuleSet, oldRank: [String: Int], budget: Int = 20_000
  ) -> Answer {
    let d = rs.decisions[decision]
    guard let ra = d.rules.first(where: { $0.id.value == a }), let rb = d.rules.first(where: { $0.id.value == b }) else {
      return .unknown
    }
    if sameAnswer(ra, rb) { return .sameAnswer }
    let allSlots = rs.definitions.flatMap(\.body.slots) + rs.decisions.flatMap(LintContext.slots(of:))
    let values = BoundaryValues(rs, slots: allSlots)
    let reads = LintContext.reads(of: LintContext.slots(of: ra) + LintContext.slots(of: rb), in: rs)
    let dates = reads.asOf ? RuleSetLint.asOfCandidates(rs, values) : [rs.header.effectiveFrom]
    var search = WitnessSearch(ruleSet: rs, values: values, budget: budget)
    for asOf in dates {
      guard let w = search.allMatch([ra, rb], asOf: asOf, reads: reads) else {
        if search.budget < 0 { return .unknown }
        continue
      }
      // Both match here; the first matching rule in each order decides, if every rule is settled.
      var e = Evaluator(ruleSet: rs, facts: Facts(values: w, given: [], path: "<diff>"), asOf: asOf, trace: false)
      var matched: [(index: Int, rule: Rule)] = []
      for (i, r) in d.rules.enumerated() {
        guard let v = try? e.verdict(r) else { return .unknown }
        if v.state == .matched { matched.append((i, r)) } else if v.state == .unknown { return .unknown }
      }
      func rank(_ m: (index: Int, rule: Rule)) -> Int { oldRank[m.rule.id.value] ?? m.index }
      guard let first = matched.first, let oldFirst = matched.min(by: { rank($0) < rank($1) }) else { return .unknown }
      if first.rule.id.value == oldFirst.rule.id.value || sameAnswer(first.rule, oldFirst.rule) { return .unknown }
      let facts = w.enumerated().compactMap { f, v in v.map { (rs.facts[f].name, $0) } }
      return .differs(asOf: asOf, facts: facts, oldRule: oldFirst.rule.id.value, newRule: first.rule.id.value)
    }
    return .cannotBothMatch
  }

  /// Same outcome, same deadline expression and the same obligations (in any order).
  static func sameAnswer(_ a: Rule, _ b: Rule) -> Bool {
    a.outcome == b.outcome && a.deadline?.syntax.description == b.deadline?.syntax.description
      && a.obligations.map(\.value).sorted() == b.obligations.map(\.value).sorted()
  }
}
