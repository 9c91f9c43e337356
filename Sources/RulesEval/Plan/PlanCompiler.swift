import RulesExpr
import RulesModel
import RulesSource

/// Lowers checked expressions, conditions and decisions to the plain-data instructions of a
/// `Code`. Each instruction keeps the tree-walking interpreter's meaning exactly (which operands
/// are read, in what order, which facts an unknown depends on, which failure is thrown), so the
/// two give the same answers.
struct PlanCompiler {
  let rs: RuleSet
  let strings: StringTable
  var conditions: [Condition] = []
  var constants: [PV] = []
  var cells: [[[PV]]] = []
  var code = CodeBuilder()

  init(_ rs: RuleSet) {
    self.rs = rs
    strings = StringTable()
    constants = rs.constants.map { constant($0.value) }
    cells = rs.tables.map { t in t.rows.map { row in row.map { constant($0) } } }
    code.builtins = Builtin.allCases
    code.tables = rs.tables
  }

  /// For compiling one more expression against a finished program: its string table is frozen,
  /// so a text it lacks is interned per case instead. The program's own tables are copied, so
  /// that definitions and decisions the expression reads run as they do in the program.
  init(adding program: Program) {
    rs = program.ruleSet
    strings = program.strings
    constants = program.constants
    cells = program.cells
    code = CodeBuilder(copying: program.code)
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

  /// Lowers every decision's rules into `code.rules` (each decision's rules back to back, then its
  /// `otherwise`) and the decision into `code.decisions`.
  mutating func decision(_ d: Decision) {
    let start = Int32(code.rules.count)
    for r in d.rules { code.rules.append(rule(r)) }
    var otherwise: Int32 = -1
    if let o = d.otherwise {
      code.rules.append(rule(o))
      otherwise = Int32(code.rules.count - 1)
    }
    code.decisions.append(DecisionCode(
      hit: HitCode(d.hit), ruleStart: start, ruleCount: Int32(d.rules.count), otherwise: otherwise,
      otherwiseOutcome: d.otherwise.map { strings.intern($0.outcome) } ?? -1))
  }

  mutating func rule(_ r: Rule) -> RuleCode {
    var out = RuleCode()
    if let w = r.when {
      out.when = condition(w)
      out.whenID = register(w)
    }
    out.unlessStart = Int32(code.exclusions.count)
    var lowered: [ExclusionCode] = []
    for ex in r.unless {
      let when = condition(ex.when)
      lowered.append(ExclusionCode(when: when, whenID: register(ex.when), id: strings.intern(ex.id.value)))
    }
    code.exclusions += lowered
    out.unlessEnd = Int32(code.exclusions.count)
    if let slot = r.deadline {
      out.deadline = operand(expr(slot.typed))
      out.deadlineSite = code.site(slot.range)
    }
    out.outcome = strings.intern(r.outcome)
    out.id = strings.intern(r.id.value)
    var obligations: [Int32] = []
    for o in r.obligations.map(\.value) {
      let id = strings.intern(o)
      if !obligations.contains(id) { obligations.append(id) }
    }
    out.obligationStart = code.pooled(obligations)
    out.obligationEnd = out.obligationStart + Int32(obligations.count)
    return out
  }

  // MARK: Conditions

  /// An id for `c` as a decider in traces.
  mutating func register(_ c: Condition) -> Int32 {
    conditions.append(c)
    return Int32(conditions.count - 1)
  }

  /// Lowers a condition; returns its instruction.
  mutating func condition(_ c: Condition) -> Int32 {
    switch c {
    case .expr(let slot):
      let f = operand(expr(slot.typed)), site = code.site(slot.range), id = register(c)
      return code.emit(Instr(op: .cExpr, a: f, b: id, c: site))
    case .all(let cs), .any(let cs):
      let parts = cs.map { condition($0) }
      let isAll = if case .all = c { true } else { false }
      return code.emit(Instr(op: isAll ? .cAll : .cAny, a: code.pooled(parts), b: Int32(parts.count)))
    case .not(let x):
      let p = condition(x)
      return code.emit(Instr(op: .cNot, a: p))
    }
  }
}
