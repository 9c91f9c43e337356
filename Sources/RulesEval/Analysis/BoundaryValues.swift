import RulesExpr
import RulesModel
import RulesSource

/// The values worth trying for each fact: the boundary values of every date, number and text the
/// rule set compares (d-1, d, d+1), every enum value, both bools, and none for optional facts.
/// The lints' witness searches, the order-effect analysis of `diff` and the differential test's
/// generated cases draw from it.
package struct BoundaryValues {
  /// Every date the rules mention or compute from constants, with the days either side, sorted.
  package let dates: [CalendarDate]
  package let perFact: [[Value]]
  /// The evaluation dates worth trying when the rules read `as_of`: the start of the rule set, then
  /// up to 40 of `dates` within its effective period.
  package let asOfDates: [CalendarDate]

  package init(_ rs: RuleSet, slots: [ExprSlot]) {
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
      }
      for c in s.typed.comparisons {
        switch c {
        case .compare(let a, let b), .member(let a, let b):
          if let f = a.fact { strings[f, default: []].formUnion(texts(b)) }
          if let f = b.fact { strings[f, default: []].formUnion(texts(a)) }
        case .lookup(let t, let key):
          if let f = key.fact { lookups[f, default: []].insert(t) }
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
    let from = rs.header.effectiveFrom
    let inPeriod = self.dates.filter { d in d > from && (rs.header.effectiveUntil.map { d <= $0 } ?? true) }
    asOfDates = [from] + inPeriod.prefix(40)
  }
}

