import RulesExpr
import RulesModel
import RulesSource

/// What one instruction does. Expressions give a `PTri`; conditions (`c…`) give a `CondOut`.
enum Op: UInt8 {
  /// `consts[a]`.
  case konst
  /// `literals[a]`, a text the frozen string table lacks (interned per case).
  case literal
  /// Fact `a`; when unknown, its bit (or `bits[b]` when `b >= 0`, facts past the inline words).
  case fact
  case asOf
  /// Definition `a`, memoised per case.
  case definition
  /// Field `flag` (`DecisionField` by `fieldCode`) of decision `a`.
  case field
  /// A list of the `b` operands at `pool[a...]`.
  case list
  case not
  /// `-x` of operand `a`; `exprs[c]` for the failure.
  case negate
  /// N-ary `and` / `or` of the `b` operands at `pool[a...]`.
  case and, or
  /// Operand `a` == (flag 1) or != (flag 0) the interned text `b`.
  case eqSym
  /// Operand `a` == (flag 1) or != (flag 0) `consts[b]`.
  case eqConst
  /// Operands `a`, `b` compared by `flag` (`compareCode`); `exprs[c]` for failures.
  case compare
  /// Operands `a`, `b` combined by `flag` (`arithmeticCode`); `exprs[c]` for failures.
  case arithmetic
  /// Operand `a` in (flag 0) or not in (flag 1) `sets[b]`.
  case memberSet
  /// Operand `a` in (flag 0) or not in (flag 1) the `c` interned texts at `pool[b...]`.
  case memberSyms
  /// Operand `a` in (flag 0) or not in (flag 1) the constant list `consts[b]`.
  case memberList
  /// Operand `a` in (flag 0) or not in (flag 1) the list operand `b`.
  case member
  case coalesce
  /// `if a then b else c`.
  case conditional
  /// Column `b` of the row operand `a`; `exprs[c]` for failures.
  case column
  /// `known(fact a)`.
  case known
  /// Table `a` looked up by the text operand `b`.
  case lookup
  /// Builtin `builtins[flag]` over the `b` operands at `pool[a...]`; `exprs[c]` for failures.
  case call
  /// Always fails with `exprs[c]`'s type failure (a construct the checker should have rejected).
  case fail
  /// The expression `a` as a condition of id `b`; failures are placed at `sites[c]`.
  case cExpr
  /// `all` / `any` of the `b` conditions at `pool[a...]`.
  case cAll, cAny
  case cNot
}

/// One instruction: plain data, so that running a program copies integers and never touches a
/// reference count. Operands are instruction indices; lists of them live in `Code.pool`.
struct Instr {
  var op: Op
  var flag: UInt8 = 0
  var a: Int32 = 0
  var b: Int32 = 0
  var c: Int32 = 0
}

/// One rule of a decision, lowered. Indices are global (every decision's rules back to back).
struct RuleCode {
  /// Condition instruction of `when`, or -1 when the rule has none.
  var when: Int32 = -1
  /// Id of `when` as a whole (-1 when the rule has none).
  var whenID: Int32 = -1
  /// The rule's exclusions: `Code.exclusions[unlessStart..<unlessEnd]`.
  var unlessStart: Int32 = 0, unlessEnd: Int32 = 0
  /// Deadline expression instruction (-1: none) and where its failures are placed.
  var deadline: Int32 = -1, deadlineSite: Int32 = -1
  var outcome: Int32 = 0
  /// The rule's own id, interned.
  var id: Int32 = 0
  /// The rule's obligations without repeats, interned: `pool[obligationStart..<obligationEnd]`.
  var obligationStart: Int32 = 0, obligationEnd: Int32 = 0
  /// The rule's obligation due dates: `Code.dueItems[dueStart..<dueEnd]`.
  var dueStart: Int32 = 0, dueEnd: Int32 = 0
}

struct ExclusionCode {
  var when: Int32
  var whenID: Int32
  /// The exclusion's id, interned.
  var id: Int32
}

struct DecisionCode {
  var hit: HitCode
  /// The decision's rules: `Code.rules[ruleStart..<ruleStart + ruleCount]`.
  var ruleStart: Int32
  var ruleCount: Int32
  /// Global index of `otherwise`, or -1.
  var otherwise: Int32
  /// The `otherwise` rule's outcome, interned (-1: none), for due dates.
  var otherwiseOutcome: Int32
}

enum HitCode: UInt8 {
  case first, unique, collect

  init(_ h: HitPolicy) {
    switch h {
    case .first: self = .first
    case .unique: self = .unique
    case .collect: self = .collect
    }
  }

  var policy: HitPolicy {
    switch self {
    case .first: .first
    case .unique: .unique
    case .collect: .collect
    }
  }
}

/// One obligation's due date: expression instruction (-1: none) and failure site; its id is
/// `Program.dueIDs` at the same index.
struct DueCode {
  var due: Int32
  var site: Int32
}

/// A compiled program's tables as bare pointers: a trivial struct, so passing it to the
/// interpreter or reading from it retains nothing. `CodeStorage` owns the memory.
struct Code: @unchecked Sendable {
  let instrs: UnsafeBufferPointer<Instr>
  let pool: UnsafeBufferPointer<Int32>
  let consts: UnsafeBufferPointer<PV>
  let bits: UnsafeBufferPointer<FactBits>
  let sets: UnsafeBufferPointer<Set<PV>>
  let literals: UnsafeBufferPointer<Value>
  let builtins: UnsafeBufferPointer<Builtin>
  let exprs: UnsafeBufferPointer<TypedExpr>
  let sites: UnsafeBufferPointer<SourceRange>
  let tables: UnsafeBufferPointer<TableDecl>
  let rules: UnsafeBufferPointer<RuleCode>
  let exclusions: UnsafeBufferPointer<ExclusionCode>
  let decisions: UnsafeBufferPointer<DecisionCode>
  let definitions: UnsafeBufferPointer<Int32>
  let dueItems: UnsafeBufferPointer<DueCode>
  /// The row each interned text finds in each table, -1 for none: `[table * textCount + id]`, so a
  /// lookup by a text the rule set contains normalises and hashes nothing.
  let lookupRows: UnsafeBufferPointer<Int32>
  let textCount: Int
}

/// The growing tables while compiling.
struct CodeBuilder {
  var instrs: [Instr] = []
  var pool: [Int32] = []
  var consts: [PV] = []
  var bits: [FactBits] = []
  var sets: [Set<PV>] = []
  var literals: [Value] = []
  var builtins: [Builtin] = []
  var exprs: [TypedExpr] = []
  var sites: [SourceRange] = []
  var tables: [TableDecl] = []
  var rules: [RuleCode] = []
  var exclusions: [ExclusionCode] = []
  var decisions: [DecisionCode] = []
  var definitions: [Int32] = []
  var dueItems: [DueCode] = []
  /// The obligation id of each of `dueItems`.
  var dueIDs: [String] = []
  /// True when the rule set has a `due:` anywhere.
  var hasDues = false
  var lookupRows: [Int32] = []
  var textCount = 0

  mutating func emit(_ i: Instr) -> Int32 {
    instrs.append(i)
    return Int32(instrs.count - 1)
  }

  /// Where `items` start in the pool.
  mutating func pooled(_ items: [Int32]) -> Int32 {
    let start = Int32(pool.count)
    pool += items
    return start
  }

  mutating func const(_ v: PV) -> Int32 {
    consts.append(v)
    return Int32(consts.count - 1)
  }

  mutating func expr(_ e: TypedExpr) -> Int32 {
    exprs.append(e)
    return Int32(exprs.count - 1)
  }

  mutating func site(_ r: SourceRange) -> Int32 {
    sites.append(r)
    return Int32(sites.count - 1)
  }
}

extension CodeBuilder {
  /// A finished program's tables, to compile one more expression against them (`Program.value(of:)`);
  /// its due dates are not carried over, since an extra expression never runs them.
  init(copying c: Code) {
    instrs = Array(c.instrs)
    pool = Array(c.pool)
    consts = Array(c.consts)
    bits = Array(c.bits)
    sets = Array(c.sets)
    literals = Array(c.literals)
    builtins = Array(c.builtins)
    exprs = Array(c.exprs)
    sites = Array(c.sites)
    tables = Array(c.tables)
    rules = Array(c.rules)
    exclusions = Array(c.exclusions)
    decisions = Array(c.decisions)
    definitions = Array(c.definitions)
    lookupRows = Array(c.lookupRows)
    textCount = c.textCount
  }
}

/// Owns a `Code`'s memory for as long as the program (or one extra expression) lives.
final class CodeStorage: @unchecked Sendable {
  let code: Code
  private let release: [() -> Void]

  init(_ b: CodeBuilder) {
    var release: [() -> Void] = []
    func frozen<T>(_ a: [T]) -> UnsafeBufferPointer<T> {
      let p = UnsafeMutableBufferPointer<T>.allocate(capacity: a.count)
      _ = p.initialize(from: a)
      release.append {
        p.deinitialize()
        p.deallocate()
      }
      return UnsafeBufferPointer(p)
    }
    code = Code(
      instrs: frozen(b.instrs), pool: frozen(b.pool), consts: frozen(b.consts), bits: frozen(b.bits),
      sets: frozen(b.sets), literals: frozen(b.literals), builtins: frozen(b.builtins), exprs: frozen(b.exprs),
      sites: frozen(b.sites), tables: frozen(b.tables), rules: frozen(b.rules), exclusions: frozen(b.exclusions),
      decisions: frozen(b.decisions), definitions: frozen(b.definitions), dueItems: frozen(b.dueItems),
      lookupRows: frozen(b.lookupRows), textCount: b.textCount)
    self.release = release
  }

  deinit {
    for r in release { r() }
  }
}

/// `DecisionField`, `CompareOp` and `ArithmeticOp` as instruction flags, and back.
enum OpCodes {
  static func field(_ f: DecisionField) -> UInt8 {
    switch f {
    case .outcome: 0
    case .outcomes: 1
    case .rule: 2
    case .rules: 3
    case .deadline: 4
    case .status: 5
    case .excluded: 6
    case .obligations: 7
    }
  }

  @inline(__always) static func field(_ c: UInt8) -> DecisionField {
    switch c {
    case 0: .outcome
    case 1: .outcomes
    case 2: .rule
    case 3: .rules
    case 4: .deadline
    case 5: .status
    case 6: .excluded
    default: .obligations
    }
  }

  static func compare(_ op: TypedExpr.CompareOp) -> UInt8 {
    switch op {
    case .eq: 0
    case .ne: 1
    case .lt: 2
    case .le: 3
    case .gt: 4
    case .ge: 5
    }
  }

  @inline(__always) static func compare(_ c: UInt8) -> TypedExpr.CompareOp {
    switch c {
    case 0: .eq
    case 1: .ne
    case 2: .lt
    case 3: .le
    case 4: .gt
    default: .ge
    }
  }

  static func arithmetic(_ op: TypedExpr.ArithmeticOp) -> UInt8 {
    switch op {
    case .add: 0
    case .subtract: 1
    case .multiply: 2
    case .divide: 3
    case .dateAdd: 4
    case .dateSubtract: 5
    }
  }

  @inline(__always) static func arithmetic(_ c: UInt8) -> TypedExpr.ArithmeticOp {
    switch c {
    case 0: .add
    case 1: .subtract
    case 2: .multiply
    case 3: .divide
    case 4: .dateAdd
    default: .dateSubtract
    }
  }
}
