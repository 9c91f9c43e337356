import RulesExpr
import RulesModel
import RulesSource

/// Whether swapping two rules of a `first` decision can change an answer, for `diff`.
///
/// Uses the lints' boundary values (`BoundaryValues`) and their guided search (`WitnessSearch`):
/// look for facts under which both rules match and every rule ahead of both does not. None within the boundary values means the order between them cannot matter; one is an
/// example case that the two orders decide differently. The other order is the new one with the
/// two rules' places exchanged, so the rules ahead of the pair are the same in both.
package enum OrderEffect {
  package enum Answer: Sendable, Equatable {
    /// The search finished without finding facts under which both rules match.
    case cannotBothMatch
    /// Both rules give the same outcome, deadline and obligations, so whichever comes first answers the same.
    case sameAnswer
    /// A fact set under which the old order takes `oldRule` and the new order takes `newRule`.
    case differs(asOf: CalendarDate, facts: [(String, Value)], oldRule: String, newRule: String)
    /// The search ran out of budget, or found no case that the two orders answer differently.
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

  /// The effect of the order of rules `a` and `b` of decision `decision` in `rs` (the new version).
  package static func effect(of a: String, _ b: String, decision: Int, in rs: RuleSet, budget: Int = 20_000) -> Answer {
    let d = rs.decisions[decision]
    guard let ia = d.rules.firstIndex(where: { $0.id.value == a }), let ib = d.rules.firstIndex(where: { $0.id.value == b })
    else { return .unknown }
    let (ra, rb) = (d.rules[ia], d.rules[ib])
    if sameAnswer(ra, rb) { return .sameAnswer }
    // Rules ahead of both would be chosen first in either order: they must not match.
    let ahead = Array(d.rules[..<min(ia, ib)])
    let values = BoundaryValues(rs, slots: rs.allSlots)
    let reads = Reads([ra, rb] + ahead, in: rs)
    let dates = reads.asOf ? values.asOfDates : [rs.header.effectiveFrom]
    var bothSearch = WitnessSearch(ruleSet: rs, values: values, budget: budget)
    var anyBoth = false
    for asOf in dates {
      // First: can the two rules match together at all?
      if !anyBoth {
        if bothSearch.find(match: [ra, rb], avoid: [], asOf: asOf, knownFacts: reads.knownFacts) != nil {
          anyBoth = true
        } else if bothSearch.budget < 0 {
          return .unknown
        } else {
          continue
        }
      }
      // Then: a case where they do and nothing ahead of them does.
      var search = WitnessSearch(ruleSet: rs, values: values, budget: budget)
      guard let w = search.find(match: [ra, rb], avoid: ahead, asOf: asOf, knownFacts: reads.knownFacts) else {
        if search.budget < 0 { return .unknown }
        continue
      }
      let (newRule, oldRule) = ia < ib ? (ra, rb) : (rb, ra)
      guard answersDiffer(newRule, oldRule, facts: w, asOf: asOf, in: rs) else { continue }
      let facts = w.enumerated().compactMap { f, v in v.map { (rs.facts[f].name, $0) } }
      return .differs(asOf: asOf, facts: facts, oldRule: oldRule.id.value, newRule: newRule.id.value)
    }
    return anyBoth ? .unknown : .cannotBothMatch
  }

  /// Same outcome, same deadline expression and the same obligations (in any order).
  static func sameAnswer(_ a: Rule, _ b: Rule) -> Bool {
    a.outcome == b.outcome && a.deadline?.syntax.description == b.deadline?.syntax.description
      && a.obligations.map(\.value).sorted() == b.obligations.map(\.value).sorted()
  }

  /// Whether the two rules answer differently for these facts: another outcome or other
  /// obligations, or another deadline once both deadlines are computed.
  static func answersDiffer(_ a: Rule, _ b: Rule, facts: [Value?], asOf: CalendarDate, in rs: RuleSet) -> Bool {
    if a.outcome != b.outcome || a.obligations.map(\.value).sorted() != b.obligations.map(\.value).sorted() { return true }
    let program = Program.compiled(rs)
    func deadline(_ r: Rule) -> Tri? {
      guard let slot = r.deadline else { return .known(.none) }
      return try? program.value(of: slot.typed, facts: facts, asOf: asOf)
    }
    guard case .known(let x)? = deadline(a), case .known(let y)? = deadline(b) else { return false }
    return x != y
  }
}
