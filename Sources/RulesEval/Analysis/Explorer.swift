import RulesExpr
import RulesModel
import RulesSource

/// Looks for fact sets that two versions decide differently, with no case files needed.
///
/// Candidate values come from the conditions of both versions: every date a fact (or `as_of`) is
/// compared with gives d-1, d and d+1; numbers n-1, n, n+1; strings and enums the values compared
/// with or listed; bools both; optional facts also `none`; a table lookup's key the table's keys and
/// one name it does not list. The search is bounded and deterministic: one fact at a time from the
/// all-unknown case and from each base case given (`--cases`), then a seeded random sample; around each
/// new kind of difference, its one-value neighbours and the days around each changed deadline as
/// `as_of` are tried first. At most `budget` fact sets, each evaluated under both versions. Each kind of difference keeps its first example, shrunk
/// by leaving out every fact that is not needed for that difference.
///
/// The comparisons come from the shared walk (`TypedExpr.comparisons`) and are folded by the shared
/// `ConstantFolder` on the explored day. The candidates are keyed by fact name across two rule sets
/// (a fact may exist in one version only), and a difference is `EvaluationDelta`'s, as for `--cases`.
package struct Explorer {
  package struct Assignment: Hashable, Sendable {
    package var asOf: CalendarDate
    /// Fact name → value, in a fixed order (sorted by name).
    package var facts: [String: Value]
    package init(asOf: CalendarDate, facts: [String: Value]) {
      self.asOf = asOf
      self.facts = facts
    }
  }

  package struct Finding: Sendable {
    package let kind: String
    package let count: Int
    package let example: Assignment
    package let delta: EvaluationDelta
  }

  package struct Report: Sendable {
    package let evaluations: Int
    package let factSets: Int
    package let differing: Int
    /// Kinds of difference, most frequent first, at most `maxFindings`.
    package let findings: [Finding]
    /// Kinds found beyond `maxFindings`.
    package let moreKinds: Int
    package let asOf: CalendarDate
  }

  let old: RuleSet
  let new: RuleSet
  let asOf: CalendarDate
  package var budget = 3000
  package var maxFindings = 10
  package var seed: UInt64 = 0x5EED_1CE5
  /// Real cases to start from (`--cases`): each is tried, then varied one fact at a time.
  package var bases: [Assignment] = []

  /// Candidate values per fact name (as_of is separate).
  private(set) var candidates: [(name: String, values: [Value])] = []
  private(set) var asOfCandidates: [CalendarDate] = []

  package init(old: RuleSet, new: RuleSet, asOf: CalendarDate) {
    self.old = old
    self.new = new
    self.asOf = asOf
    collectCandidates()
  }

  // MARK: Candidates

  mutating func collectCandidates() {
    var byFact: [String: [Value]] = [:]
    var asOfs: [CalendarDate] = [asOf]
    func add(_ name: String, _ v: Value) {
      if !(byFact[name]?.contains(v) ?? false) { byFact[name, default: []].append(v) }
    }
    func around(_ v: Value) -> [Value] {
      switch v {
      case .date(let d): return [d.adding(days: -1), d, d.adding(days: 1)].compactMap { $0 }.map(Value.date)
      case .number(let n): return [n - 1, n, n + 1].map(Value.number)
      case .list(let xs): return xs
      default: return [v]
      }
    }
    for rs in [old, new] {
      let scan = Scanner(ruleSet: rs, asOf: asOf)
      for (fact, v) in scan.comparisons() {
        if let fact { for x in around(v) { add(rs.facts[fact].name, x) } } else if case .date(let d) = v {
          for x in around(.date(d)) { if case .date(let y) = x, !asOfs.contains(y) { asOfs.append(y) } }
        }
      }
    }
    var names: [String] = []
    var decls: [String: FactDecl] = [:]
    for rs in [new, old] { for f in rs.facts where decls[f.name] == nil { decls[f.name] = f; names.append(f.name) } }
    for name in names.sorted() {
      let f = decls[name]!
      var values = byFact[name] ?? []
      switch f.type {
      case .bool: values = [.bool(true), .bool(false)]
      case .enumeration(_, let vs): values = vs.map(Value.string)
      case .date where values.isEmpty:
        values = [old.header.decidedOn, new.header.decidedOn].map(Value.date)
      default: break
      }
      values = values.filter { Self.fits($0, f) }
      if f.optional { values.append(.none) }
      if !values.isEmpty { candidates.append((name, values)) }
    }
    asOfCandidates = asOfs.sorted()
  }

  static func fits(_ v: Value, _ f: FactDecl) -> Bool {
    switch (v, f.type) {
    case (.none, _): return f.optional
    case (.bool, .bool), (.date, .date), (.number, .number), (.string, .string), (.duration, .duration): return true
    case (.string(let s), .enumeration(_, let vs)): return vs.contains(s)
    default: return false
    }
  }

  // MARK: Search

  package func run() -> Report {
    var evaluations = 0
    var tried: Set<Assignment> = []
    var kinds: [String: (count: Int, example: Assignment, delta: EvaluationDelta)] = [:]
    var order: [String] = []
    var differing = 0

    // Around each new kind of difference: the same facts one value apart, and the days around each
    // changed deadline as the evaluation date (where a status flips). Tried before anything else.
    var queue: [Assignment] = []
    func neighbours(_ a: Assignment, _ d: EvaluationDelta) -> [Assignment] {
      var out: [Assignment] = []
      for c in d.changes where c.field == "deadline" {
        for text in [c.old, c.new] {
          guard let day = try? CalendarDate.parse(text) else { continue }
          for x in [day, day.adding(days: 1)].compactMap({ $0 }) { out.append(Assignment(asOf: x, facts: a.facts)) }
        }
      }
      for (name, values) in candidates {
        for v in values where a.facts[name] != v {
          var b = a
          b.facts[name] = v
          out.append(b)
        }
      }
      return out
    }
    func consider(_ a: Assignment) {
      guard evaluations < budget, tried.insert(a).inserted else { return }
      evaluations += 1
      let d = compare(a)
      guard !d.isEmpty else { return }
      differing += 1
      if let k = kinds[d.kind] { kinds[d.kind] = (k.count + 1, k.example, k.delta) } else {
        kinds[d.kind] = (1, a, d)
        order.append(d.kind)
        if queue.count < 2_000 { queue += neighbours(a, d) }
      }
    }
    func drain() {
      while evaluations < budget, !queue.isEmpty { consider(queue.removeFirst()) }
    }

    // One fact at a time from the all-unknown case, at each as_of.
    let unknown = Assignment(asOf: asOf, facts: [:])
    for day in asOfCandidates { consider(Assignment(asOf: day, facts: [:])) }
    for (name, values) in candidates { for v in values { var a = unknown; a.facts[name] = v; consider(a) } }
    drain()
    // One fact at a time from each base case, round robin over the bases, up to half the budget.
    if !bases.isEmpty {
      let cap = max(evaluations, budget / 2)
      for b in bases where evaluations < cap { consider(b); drain() }
      var variations = bases.map { b in candidates.lazy.flatMap { c in c.values.map { (c.name, $0) } }.filter { b.facts[$0.0] != $0.1 }.makeIterator() }
      var progress = true
      while progress && evaluations < cap {
        progress = false
        for j in bases.indices where evaluations < cap {
          guard let (name, v) = variations[j].next() else { continue }
          progress = true
          var a = bases[j]
          a.facts[name] = v
          consider(a)
          drain()
        }
      }
    }
    // A seeded random sample: every fact set from its candidates (one in ten left unknown).
    var rng = SplitMix64(seed: seed)
    var samples: [Assignment] = []
    while evaluations + samples.count < budget && samples.count < budget {
      var a = Assignment(asOf: asOfCandidates[Int(rng.next() % UInt64(asOfCandidates.count))], facts: [:])
      for (name, values) in candidates where rng.next() % 10 != 0 {
        a.facts[name] = values[Int(rng.next() % UInt64(values.count))]
      }
      samples.append(a)
    }
    // From each random base, also vary one fact (a second fact on top of the first), interleaved.
    var i = 0
    while evaluations < budget && i < samples.count {
      consider(samples[i])
      drain()
      if evaluations < budget, !candidates.isEmpty {
        let (name, values) = candidates[Int(rng.next() % UInt64(candidates.count))]
        var b = samples[i]
        b.facts[name] = values[Int(rng.next() % UInt64(values.count))]
        consider(b)
        drain()
      }
      i += 1
    }

    let ranked = order.sorted { (kinds[$0]!.count, $1) > (kinds[$1]!.count, $0) }
    var findings: [Finding] = []
    for kind in ranked.prefix(maxFindings) {
      let k = kinds[kind]!
      let (small, delta, cost) = shrink(k.example, kind: kind)
      evaluations += cost
      findings.append(Finding(kind: kind, count: k.count, example: small, delta: delta ?? k.delta))
    }
    return Report(evaluations: evaluations, factSets: tried.count, differing: differing, findings: findings,
                  moreKinds: max(0, ranked.count - maxFindings), asOf: asOf)
  }

  /// Leaves out each fact in turn while the same kind of difference remains.
  func shrink(_ a: Assignment, kind: String) -> (Assignment, EvaluationDelta?, Int) {
    var cur = a
    var last: EvaluationDelta?
    var cost = 0
    for name in a.facts.keys.sorted() {
      var b = cur
      b.facts[name] = nil
      cost += 1
      let d = compare(b)
      if !d.isEmpty && d.kind == kind {
        cur = b
        last = d
      }
    }
    return (cur, last, cost)
  }

  /// Evaluates one fact set under both versions.
  package func compare(_ a: Assignment) -> EvaluationDelta {
    let ea = Self.evaluate(old, a), eb = Self.evaluate(new, a)
    switch (ea, eb) {
    case (.success(let x), .success(let y)): return EvaluationDelta.between(x, y)
    case (.failure(let x), .success): return EvaluationDelta(changes: [.init(decision: "evaluation", field: "outcome", old: "error: \(x)", new: "ok")])
    case (.success, .failure(let y)): return EvaluationDelta(changes: [.init(decision: "evaluation", field: "outcome", old: "ok", new: "error: \(y)")])
    case (.failure, .failure): return EvaluationDelta(changes: [])
    }
  }

  static func evaluate(_ rs: RuleSet, _ a: Assignment) -> Result<Evaluation, EvaluationFailureText> {
    var values = [Value?](repeating: nil, count: rs.facts.count)
    var given: [(name: String, value: Value)] = []
    for name in a.facts.keys.sorted() {
      guard let i = rs.factIndex[name], let v = a.facts[name], fits(v, rs.facts[i]) else { continue }
      values[i] = v
      given.append((name, v))
    }
    do throws(EvaluationError) {
      return .success(try Program.evaluate(rs, facts: Facts(values: values, given: given, path: "<explore>"), asOf: a.asOf))
    } catch {
      return .failure(EvaluationFailureText(message: error.diagnostic.message))
    }
  }

  struct EvaluationFailureText: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }
}

/// Finds what facts and `as_of` are compared with in a rule set's expressions, for the explorer's
/// candidates: the rule set's comparisons (`TypedExpr.comparisons`) whose other side folds on the
/// explored day (`ConstantFolder.fold(_:in:asOf:)`).
struct Scanner {
  let ruleSet: RuleSet
  let asOf: CalendarDate

  /// (fact index, or nil for as_of; the value it is compared with).
  func comparisons() -> [(Int?, Value)] {
    var out: [(Int?, Value)] = []
    for s in ruleSet.allSlots {
      for c in s.typed.comparisons {
        switch c {
        case .compare(let l, let r):
          if let f = Self.fact(l), let v = constant(r) { out.append((f, v)) }
          if let f = Self.fact(r), let v = constant(l) { out.append((f, v)) }
        case .member(let x, let list):
          if case .some(.some(let f)) = Self.fact(x), case .list(let vs)? = constant(list) { for v in vs { out.append((f, v)) } }
          if case .some(.some(let f)) = Self.fact(list), let v = constant(x) { out.append((f, .list([v]))) }
        case .lookup(let t, let key):
          if case .some(.some(let f)) = Self.fact(key) {
            let table = ruleSet.tables[t]
            for row in table.rows { out.append((f, row[table.keyColumn])) }
            out.append((f, .string("(a name no table lists)")))
          }
        }
      }
    }
    return out
  }

  /// The fact an operand stands for: `f`, `f ?? x`, `known(f)` is not one.
  static func fact(_ e: TypedExpr) -> Int?? {
    switch e.kind {
    case .symbol(.fact(let i)): return .some(i)
    case .symbol(.asOf): return .some(nil)
    case .coalesce(let x, _): return fact(x)
    default: return nil
    }
  }

  /// The value of an expression that reads no facts on the explored day, or nil.
  func constant(_ e: TypedExpr) -> Value? { ConstantFolder.fold(e, in: ruleSet, asOf: asOf) }
}

/// A small deterministic generator (SplitMix64), so `--explore` gives the same answer every run.
struct SplitMix64 {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
