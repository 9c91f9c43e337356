import RulesExpr
import RulesModel
import RulesSource

/// Searches fact sets in which every rule of `match` matches and no rule of `avoid` does, guided by
/// three-valued evaluation: start with every fact unknown, give a value (from `BoundaryValues`) to
/// a fact an open rule waits for, and give up on a branch as soon as a rule is certainly on the
/// wrong side. The one search behind `unique-overlap` (two rules that both match) and the
/// order-effect analysis of `diff` (two rules that both match while the rules ahead of them do not).
package struct WitnessSearch {
  let ruleSet: RuleSet
  let values: BoundaryValues
  /// Evaluations left; below zero once the search ran out.
  package var budget: Int
  private var depth = 0
  /// Rules are tried on the compiled program, with one scratch for the whole search.
  let program: Program
  private var scratch: PlanScratch

  package init(ruleSet: RuleSet, values: BoundaryValues, budget: Int) {
    self.ruleSet = ruleSet
    self.values = values
    self.budget = budget
    program = Program.compiled(ruleSet)
    scratch = program.makeScratch()
  }

  /// A fact set: per fact, nil for not given (unknown), else its value (`.none` for null).
  package typealias Assignment = [Value?]

  /// Facts under which every rule of `match` matches and none of `avoid` does, or nil when none was
  /// found within the budget. `knownFacts` are the facts the rules test with `known(…)`, whose
  /// absence is a value too.
  package mutating func find(match: [Rule], avoid: [Rule] = [], asOf: CalendarDate, knownFacts: Set<Int>) -> Assignment? {
    var a = Assignment(repeating: nil, count: ruleSet.facts.count)
    var settled = [Bool](repeating: false, count: ruleSet.facts.count)
    let goal = Goal(rules: match + avoid, wanted: match.map { _ in true } + avoid.map { _ in false }, asOf: asOf,
                    knownFacts: knownFacts)
    return dfs(goal, &a, &settled) ? a : nil
  }

  /// What one search looks for: each rule on its wanted side.
  private struct Goal {
    let rules: [Rule]
    let wanted: [Bool]
    let asOf: CalendarDate
    let knownFacts: Set<Int>
  }

  private mutating func dfs(_ goal: Goal, _ a: inout Assignment, _ settled: inout [Bool]) -> Bool {
    budget -= 1
    if budget < 0 { return false }
    depth += 1
    defer { depth -= 1 }
    if depth > 512 { return false }  // a witness this big helps no one, and the stack is finite
    scratch.begin(a, asOf: goal.asOf)
    var waiting: [Int] = []
    var failed = false, open = false
    for (r, wanted) in zip(goal.rules, goal.wanted) {
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
      guard let k = goal.knownFacts.sorted().first(where: { !settled[$0] }) else { return false }
      return branch(k, absentToo: true, goal, &a, &settled)
    }
    if !open { return true }
    guard let f = waiting.first(where: { !settled[$0] && !values.perFact[$0].isEmpty }) else { return false }
    return branch(f, absentToo: goal.knownFacts.contains(f), goal, &a, &settled)
  }

  private mutating func branch(_ f: Int, absentToo: Bool, _ goal: Goal, _ a: inout Assignment, _ settled: inout [Bool]) -> Bool {
    settled[f] = true
    for v in values.perFact[f] {
      a[f] = v
      if dfs(goal, &a, &settled) { return true }
      if budget < 0 { break }
    }
    a[f] = nil
    if absentToo, budget >= 0, dfs(goal, &a, &settled) { return true }
    settled[f] = false
    return false
  }

  /// Every complete fact set over `facts` when each has a small, exact set of values (bools,
  /// enums, none, and not given for facts tested with `known`); nil when the space is too big or
  /// some fact's values are only samples (dates, numbers, text).
  package static func exhaustive(_ rs: RuleSet, facts: Set<Int>, knownFacts: Set<Int>, limit: Int) -> [[Value?]]? {
    var domains: [(Int, [Value?])] = []
    var size = 1
    for f in facts.sorted() {
      let decl = rs.facts[f]
      var d: [Value?]
      switch decl.type {
      case .bool: d = [.bool(true), .bool(false)]
      case .enumeration(_, let vs): d = vs.map(Value.string)
      default: return nil
      }
      if decl.optional { d.append(Value.none) }
      if knownFacts.contains(f) { d.append(nil) }
      size *= d.count
      if size > limit { return nil }
      domains.append((f, d))
    }
    var out: [[Value?]] = [Array(repeating: nil, count: rs.facts.count)]
    for (f, d) in domains {
      out = out.flatMap { a in d.map { v in
        var b = a
        b[f] = v
        return b
      } }
    }
    return out
  }
}
