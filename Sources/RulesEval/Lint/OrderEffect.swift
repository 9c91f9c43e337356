import RulesExpr
import RulesModel
import RulesSource

/// Whether swapping two rules of a `first` decision can change an answer, for `diff`.
///
/// Uses the lints' boundary values (`BoundaryValues`) and the same kind of guided search as
/// `WitnessSearch`: look for facts under which both rules match and every rule ahead of both does
/// not. None within the boundary values means the order between them cannot matter; one is an
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
    let allSlots = rs.definitions.flatMap(\.body.slots) + rs.decisions.flatMap(LintContext.slots(of:))
    let values = BoundaryValues(rs, slots: allSlots)
    let reads = LintContext.reads(of: ([ra, rb] + ahead).flatMap(LintContext.slots(of:)), in: rs)
    let dates = reads.asOf ? RuleSetLint.asOfCandidates(rs, values) : [rs.header.effectiveFrom]
    var bothSearch = PairSearch(ruleSet: rs, values: values, budget: budget)
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
      var search = PairSearch(ruleSet: rs, values: values, budget: budget)
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

/// Searches fact sets in which every rule of `match` matches and no rule of `avoid` does, guided
/// by three-valued evaluation as `WitnessSearch` is: give a value to a fact an open rule waits for,
/// and abandon a branch as soon as a rule is certainly on the wrong side.
struct PairSearch {
  let ruleSet: RuleSet
  let values: BoundaryValues
  var budget: Int
  private var depth = 0
  /// Rules are tried on the compiled program, with one scratch for the whole search.
  let program: Program
  private var scratch: PlanScratch

  init(ruleSet: RuleSet, values: BoundaryValues, budget: Int) {
    self.ruleSet = ruleSet
    self.values = values
    self.budget = budget
    program = Program.compiled(ruleSet)
    scratch = program.makeScratch()
  }

  mutating func find(match: [Rule], avoid: [Rule], asOf: CalendarDate, knownFacts: Set<Int>) -> [Value?]? {
    var a = [Value?](repeating: nil, count: ruleSet.facts.count)
    var settled = [Bool](repeating: false, count: ruleSet.facts.count)
    return dfs(match, avoid, asOf, knownFacts, &a, &settled) ? a : nil
  }

  private mutating func dfs(
    _ match: [Rule], _ avoid: [Rule], _ asOf: CalendarDate, _ knownFacts: Set<Int>, _ a: inout [Value?],
    _ settled: inout [Bool]
  ) -> Bool {
    budget -= 1
    if budget < 0 { return false }
    depth += 1
    defer { depth -= 1 }
    if depth > 512 { return false }
    scratch.begin(a, asOf: asOf)
    var waiting: [Int] = []
    var failed = false, open = false
    for (r, wanted) in match.map({ ($0, true) }) + avoid.map({ ($0, false) }) {
      guard let v = try? program.verdict(of: r, &scratch) else { return false }
      switch v.state {
      case .unknown:
        open = true
        waiting += v.missing
      case .matched: failed = !wanted
      default: failed = wanted
      }
      if failed { break }
    }
    if failed {
      // `known(x)` is false while x is not given; giving x may still turn the rule around.
      guard let k = knownFacts.sorted().first(where: { !settled[$0] }) else { return false }
      return branch(k, absentToo: true, match, avoid, asOf, knownFacts, &a, &settled)
    }
    if !open { return true }
    guard let f = waiting.first(where: { !settled[$0] && !values.perFact[$0].isEmpty }) else { return false }
    return branch(f, absentToo: knownFacts.contains(f), match, avoid, asOf, knownFacts, &a, &settled)
  }

  private mutating func branch(
    _ f: Int, absentToo: Bool, _ match: [Rule], _ avoid: [Rule], _ asOf: CalendarDate, _ knownFacts: Set<Int>,
    _ a: inout [Value?], _ settled: inout [Bool]
  ) -> Bool {
    settled[f] = true
    for v in values.perFact[f] {
      a[f] = v
      if dfs(match, avoid, asOf, knownFacts, &a, &settled) { return true }
      if budget < 0 { break }
    }
    a[f] = nil
    if absentToo, budget >= 0, dfs(match, avoid, asOf, knownFacts, &a, &settled) { return true }
    settled[f] = false
    return false
  }
}
