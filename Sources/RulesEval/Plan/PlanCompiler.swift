import RulesExpr
import RulesModel
import RulesSource

/// Lowers checked expressions and conditions to closures over `PlanScratch`. Each closure keeps
/// the tree-walking interpreter's meaning exactly (which operands are read, in what order, which
/// facts an unknown depends on, which failure is thrown), so the two give the same answers.
struct PlanCompiler {
  let rs: RuleSet
  let strings: StringTable
  var conditions: [Condition] = []
  var constants: [PV] = []
  var cells: [[[PV]]] = []

  init(_ rs: RuleSet) {
    self.rs = rs
    strings = StringTable()
    constants = rs.constants.map { constant($0.value) }
    cells = rs.tables.map { t in t.rows.map { row in row.map { constant($0) } } }
  }

  /// For compiling one more expression against a finished program: its string table is frozen,
  /// so a text it lacks is interned per case instead.
  init(adding program: Program) {
    rs = program.ruleSet
    strings = program.strings
    constants = program.constants
    cells = program.cells
  }

  /// `constant(v)`, or nil when the table is frozen and lacks one of `v`'s texts.
  func constantIfInterned(_ v: Value) -> PV? {
    func interned(_ v: Value) -> Bool {
      switch v {
      case .string(let s): return strings.ids[s] != nil
      case .list(let xs): return xs.allSatisfy(interned)
      default: return true
      }
    }
    return !strings.frozen || interned(v) ? constant(v) : nil
  }

  /// A compile-time value as a plan value, its texts interned.
  func constant(_ v: Value) -> PV {
    switch v {
    case .none: return .none
    case .bool(let b): return .bool(b)
    case .number(let n): return .number(n)
    case .date(let d): return .date(d)
    case .duration(let d): return .duration(d)
    case .string(let s): return .sym(strings.intern(s))
    case .list(let xs): return .list(xs.map(constant))
    case .row(let t, let i): return .row(table: Int32(t), index: Int32(i))
    }
  }

  // MARK: Decisions

  mutating func decision(_ d: Decision) -> PDecision {
    PDecision(decision: d, rules: d.rules.map { rule($0) }, otherwise: d.otherwise.map { rule($0) })
  }

  mutating func rule(_ r: Rule) -> PRule {
    let when = r.when.map { CondFn(condition($0)) }
    let whenID = r.when.map { register($0) } ?? -1
    let unless = r.unless.map { ex in
      PExclusion(when: condition(ex.when), whenID: register(ex.when),
                 hit: ExclusionHit(rule: r.id.value, exclusion: ex.id.value, reason: ex.reason, source: ex.source),
                 id: strings.intern(ex.id.value))
    }
    var deadline: ExprFn?
    if let slot = r.deadline {
      let f = closure(expr(slot.typed)), site = slot.range
      deadline = ExprFn { s throws(EvalFailure) in
        do throws(EvalFailure) { return try f(&s) } catch { throw error.at(site) }
      }
    }
    var obligations: [String] = []
    for o in r.obligations.map(\.value) where !obligations.contains(o) { obligations.append(o) }
    return PRule(
      rule: r, when: when, whenID: whenID, unless: unless, deadline: deadline, outcome: strings.intern(r.outcome),
      id: strings.intern(r.id.value), obligationIDs: obligations.map { strings.intern($0) })
  }

  // MARK: Conditions

  /// An id for `c` as a decider in traces.
  mutating func register(_ c: Condition) -> Int32 {
    conditions.append(c)
    return Int32(conditions.count - 1)
  }

  mutating func condition(_ c: Condition) -> PCond {
    switch c {
    case .expr(let slot):
      let f = closure(expr(slot.typed)), site = slot.range, id = register(c)
      return { s throws(EvalFailure) in
        do throws(EvalFailure) { return CondOut(tri: try f(&s), by: id) } catch { throw error.at(site) }
      }
    case .all(let cs):
      let parts = cs.map { CondFn(condition($0)) }
      return { s throws(EvalFailure) in
        var missing = FactBits()
        var firstUnknown: Int32 = -1
        for i in parts.indices {
          let r = try parts[i].run(&s)
          switch r.tri {
          case .known(.bool(false)): return r
          case .unknown(let m):
            missing.formUnion(m)
            if firstUnknown < 0 { firstUnknown = r.by }
          default: break
          }
        }
        return missing.isEmpty && firstUnknown < 0 ? CondOut(tri: .true, by: -1)
          : CondOut(tri: .unknown(missing), by: firstUnknown)
      }
    case .any(let cs):
      let parts = cs.map { CondFn(condition($0)) }
      return { s throws(EvalFailure) in
        var missing = FactBits()
        var firstUnknown: Int32 = -1
        for i in parts.indices {
          let r = try parts[i].run(&s)
          switch r.tri {
          case .known(.bool(true)): return r
          case .unknown(let m):
            missing.formUnion(m)
            if firstUnknown < 0 { firstUnknown = r.by }
          default: break
          }
        }
        return firstUnknown < 0 ? CondOut(tri: .false, by: -1) : CondOut(tri: .unknown(missing), by: firstUnknown)
      }
    case .not(let x):
      let p = condition(x)
      return { s throws(EvalFailure) in
        let r = try p(&s)
        if case .known(.bool(let b)) = r.tri { return CondOut(tri: .known(.bool(!b)), by: r.by) }
        return r
      }
    }
  }
}

/// A compiled expression: a value known when the program is built, or a closure.
enum PNode {
  case const(PV)
  case dyn(PExpr)

  var constant: PV? {
    if case .const(let v) = self { return v }
    return nil
  }
}

func closure(_ n: PNode) -> PExpr {
  switch n {
  case .const(let v):
    let t = PTri.known(v)
    return { _ in t }
  case .dyn(let f): return f
  }
}
