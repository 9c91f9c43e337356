import RulesExpr
import RulesModel
import RulesSource

/// The values worth trying for each fact: the boundary values of every date, number and text the
/// rule set compares (d-1, d, d+1), every enum value, both bools, and none for optional facts.
struct BoundaryValues {
  let dates: [CalendarDate]
  let perFact: [[Value]]

  init(_ rs: RuleSet, slots: [ExprSlot]) {
    var dates: Set<CalendarDate> = [rs.header.decidedOn, rs.header.effectiveFrom]
    var numbers: Set<Double> = [0]
    var durations: Set<DateDuration> = []
    var strings: [Int: Set<String>] = [:]  // per fact: texts it is compared with
    var lookups: [Int: Set<Int>] = [:]  // per fact: tables it is looked up in
    if let u = rs.header.effectiveUntil { dates.insert(u) }
    for c in rs.constants {
      if case .date(let d) = c.value { dates.insert(d) }
    }
    func note(_ v: Value) {
      switch v {
      case .date(let d): dates.insert(d)
      case .number(let n): numbers.insert(n)
      case .duration(let p): durations.insert(p)
      default: break
      }
    }
    func fact(_ e: TypedExpr) -> Int? {
      if case .symbol(.fact(let i)) = e.kind { return i }
      return nil
    }
    func texts(_ e: TypedExpr) -> [String] {
      switch e.kind {
      case .literal(.string(let s)): return [s]
      case .list(let xs): return xs.flatMap(texts)
      default: return []
      }
    }
    for s in slots {
      s.typed.visit { e in
        if e.children.isEmpty, case .literal(let v) = e.kind { note(v) }
        // Constant sub-expressions (`decision_date + 1 year`) are boundaries too.
        if !e.children.isEmpty, case .date = e.type.unwrapped, let v = ConstantFolder.fold(e, in: rs) { note(v) }
        switch e.kind {
        case .compare(_, let a, let b):
          if let f = fact(a) { strings[f, default: []].formUnion(texts(b)) }
          if let f = fact(b) { strings[f, default: []].formUnion(texts(a)) }
        case .member(let a, let b, _):
          if let f = fact(a) { strings[f, default: []].formUnion(texts(b)) }
          if let f = fact(b) { strings[f, default: []].formUnion(texts(a)) }
        case .call(.lookup, let args) where args.count == 2:
          if case .symbol(.table(let t)) = args[0].kind, let f = fact(args[1]) { lookups[f, default: []].insert(t) }
        default: break
        }
      }
    }
    var around: Set<CalendarDate> = []
    for d in dates {
      around.insert(d)
      if let p = d.adding(days: -1) { around.insert(p) }
      if let n = d.adding(days: 1) { around.insert(n) }
    }
    self.dates = around.sorted()
    let origin = rs.header.effectiveFrom.dayNumber
    let nearFirst = around.sorted { (abs($0.dayNumber - origin), $0) < (abs($1.dayNumber - origin), $1) }
    // Each number the rules compare, then its neighbours; 0 last (a count or cost of 0 is a corner).
    var nums: [Value] = []
    for n in numbers.subtracting([0]).sorted() + [0] {
      for x in [n, n - 1, n + 1] where !nums.contains(.number(x)) { nums.append(.number(x)) }
    }
    let durs = durations.sorted { $0.description < $1.description }.map(Value.duration)
    perFact = rs.facts.enumerated().map { i, f in
      func values(_ t: ExprType) -> [Value] {
        switch t {
        case .bool: return [.bool(true), .bool(false)]
        case .enumeration(_, let vs): return vs.map(Value.string)
        // Nearest the start of the rule set first, so a witness reads like a real case.
        case .date: return nearFirst.map(Value.date)
        case .number: return nums
        case .duration: return durs
        case .string:
          var keys = strings[i, default: []]
          for t in lookups[i, default: []] {
            let table = rs.tables[t]
            for row in table.rows.prefix(20) where row.indices.contains(table.keyColumn) {
              if case .string(let k) = row[table.keyColumn] { keys.insert(k) }
            }
          }
          return keys.sorted().map(Value.string) + [.string("(something else)")]
        case .list(let item):
          return [.list([])] + values(item).prefix(12).map { .list([$0]) }
        default: return []
        }
      }
      return values(f.type) + (f.optional ? [Value.none] : [])
    }
  }
}

/// Searches fact sets, guided by three-valued evaluation: start with every fact unknown, give a
/// value to a fact the open rules are waiting for, and give up on a branch as soon as a rule
/// that must match is certainly false.
struct WitnessSearch {
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

  /// A fact set: per fact, nil for not given (unknown), else its value (`.none` for null).
  typealias Assignment = [Value?]

  /// Facts under which every rule in `rules` matches, or nil when none was found within the budget.
  mutating func allMatch(_ rules: [Rule], asOf: CalendarDate, reads: Reads) -> Assignment? {
    var a = Assignment(repeating: nil, count: ruleSet.facts.count)
    var settled = [Bool](repeating: false, count: ruleSet.facts.count)
    return dfs(rules, asOf: asOf, reads: reads, &a, &settled) ? a : nil
  }

  private mutating func dfs(
    _ rules: [Rule], asOf: CalendarDate, reads: Reads, _ a: inout Assignment, _ settled: inout [Bool]
  ) -> Bool {
    budget -= 1
    if budget < 0 { return false }
    depth += 1
    defer { depth -= 1 }
    if depth > 512 { return false }  // a witness this big helps no one, and the stack is finite
    scratch.begin(a, asOf: asOf)
    var waiting: [Int] = []
    var failed = false, open = false
    for r in rules {
      guard let v = try? program.verdict(of: r, &scratch) else { return false }
      switch v.state {
      case .matched: continue
      case .unknown:
        open = true
        waiting += v.missing
      default: failed = true
      }
      if failed { break }
    }
    if failed {
      // `known(x)` is false while x is not given; giving x may still turn the rule on.
      guard let k = reads.knownFacts.sorted().first(where: { !settled[$0] }) else { return false }
      return branch(k, absentToo: true, rules, asOf: asOf, reads: reads, &a, &settled)
    }
    if !open { return true }
    guard let f = waiting.first(where: { !settled[$0] && !values.perFact[$0].isEmpty }) else { return false }
    return branch(f, absentToo: reads.knownFacts.contains(f), rules, asOf: asOf, reads: reads, &a, &settled)
  }

  private mutating func branch(
    _ f: Int, absentToo: Bool, _ rules: [Rule], asOf: CalendarDate, reads: Reads, _ a: inout Assignment,
    _ settled: inout [Bool]
  ) -> Bool {
    settled[f] = true
    for v in values.perFact[f] {
      a[f] = v
      if dfs(rules, asOf: asOf, reads: reads, &a, &settled) { return true }
      if budget < 0 { break }
    }
    a[f] = nil
    if absentToo, budget >= 0, dfs(rules, asOf: asOf, reads: reads, &a, &settled) { return true }
    settled[f] = false
    return false
  }

  /// Every complete fact set over `facts` when each has a small, exact set of values (bools,
  /// enums, none, and not given for facts tested with `known`); nil when the space is too big or
  /// some fact's values are only samples (dates, numbers, text).
  static func exhaustive(_ rs: RuleSet, facts: Set<Int>, knownFacts: Set<Int>, limit: Int) -> [[Value?]]? {
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
