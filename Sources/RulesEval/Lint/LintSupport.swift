import RulesExpr
import RulesModel
import RulesSource

// Shared pieces of the lints: walking checked expressions, folding constants, finding what a
// rule reads, and deciding which parts of a partly broken rule set can be trusted.

extension TypedExpr {
  /// The direct sub-expressions.
  var children: [TypedExpr] {
    switch kind {
    case .literal, .symbol: return []
    case .list(let xs), .call(_, let xs): return xs
    case .not(let x), .negate(let x), .column(let x, _): return [x]
    case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
      .coalesce(let a, let b), .member(let a, let b, _):
      return [a, b]
    case .conditional(let c, let a, let b): return [c, a, b]
    }
  }

  /// Visits this expression and every sub-expression, parents first.
  func visit(_ f: (TypedExpr) -> Void) {
    f(self)
    for c in children { c.visit(f) }
  }
}

extension ExprSlot {
  /// The expression's text between two offsets (in Unicode scalars), for messages.
  func excerpt(_ r: Range<Int>) -> String {
    let scalars = Array(text.unicodeScalars)
    let lo = min(max(0, r.lowerBound), scalars.count), hi = min(max(lo, r.upperBound), scalars.count)
    var s = String.UnicodeScalarView()
    s.append(contentsOf: scalars[lo..<hi])
    return String(s).trimmingSpaces
  }
}

extension String {
  var trimmingSpaces: String {
    let s = unicodeScalars.drop(while: { $0 == " " || $0 == "\n" })
    return String(String.UnicodeScalarView(s.reversed().drop(while: { $0 == " " || $0 == "\n" }).reversed()))
  }
}

/// Evaluates an expression with constants and constant definitions only: facts, decisions,
/// tables and `as_of` are unknown. A known result is the same for every case. Its unknowns name
/// no fact, so the interpreter must (and does) treat any unknown operand or argument as making the
/// whole call unknown, never drop it: `max(k, as_of)` is not `max(k)`.
struct ConstantFolder: SymbolSource {
  let ruleSet: RuleSet
  var depth = 0

  mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri {
    switch symbol {
    case .constant(let i): return .known(ruleSet.constants[i].value)
    case .definition(let i):
      guard depth < 32, case .expr(let s) = ruleSet.definitions[i].body else { return .unknown(FactSet()) }
      depth += 1
      defer { depth -= 1 }
      return try Interpreter.evaluate(s.typed, &self)
    default: return .unknown(FactSet())
    }
  }
  func isGiven(fact index: Int) -> Bool { false }
  func lookup(table: Int, key: String) -> Int? { nil }
  func cell(table: Int, row: Int, column: Int) -> Value { .none }

  /// The value of `e` when it depends on constants only; nil otherwise (or when it fails).
  static func fold(_ e: TypedExpr, in rs: RuleSet) -> Value? {
    var f = ConstantFolder(ruleSet: rs)
    guard case .known(let v)? = try? Interpreter.evaluate(e, &f) else { return nil }
    return v
  }
}

extension Condition {
  /// The expressions whose conjunction this condition is, when it is a conjunction; `all` lists
  /// and `and` are flattened. Keys compare meaning, not spacing or position.
  var conjuncts: Set<String> {
    switch self {
    case .all(let cs): return cs.reduce(into: Set<String>()) { $0.formUnion($1.conjuncts) }
    case .expr(let s): return Self.split(s.syntax)
    default: return [description]
    }
  }

  private static func split(_ e: Syntax.Expr) -> Set<String> {
    if case .binary(.and, let a, let b) = e.kind { return split(a).union(split(b)) }
    if case .literal(.bool(true)) = e.kind { return [] }
    return [e.description]
  }
}

/// What a set of expressions reads, following definitions and decisions to the facts underneath.
struct Reads {
  var facts: Set<Int> = []
  var decisions: Set<Int> = []
  var definitions: Set<Int> = []
  var asOf = false
  /// Facts used inside `known(…)`, whose absence matters.
  var knownFacts: Set<Int> = []
}

/// Dependencies and trust for one rule set.
struct LintContext {
  let ruleSet: RuleSet
  let sources: [SourceText]
  /// Decisions that may be evaluated: no error inside them or in anything they read, no cycle.
  let trusted: Set<Int>

  init(_ rs: RuleSet, loadDiagnostics: [Diagnostic]) {
    ruleSet = rs
    sources = rs.files
    // The loader records which decisions and definitions had an error in or under them.
    var broken = rs.failed.decisions
    for (d, decision) in rs.decisions.enumerated() where decision.rules.contains(where: { $0.when == nil }) {
      broken.insert(d)
    }
    let brokenDefinitions = rs.failed.definitions
    // Errors elsewhere (facts, constants, definitions) show up where the broken name is used,
    // or as a stand-in definition, so they are caught above.
    var ok: Set<Int> = []
    let reads = rs.decisions.map { Self.reads(of: Self.slots(of: $0), in: rs) }
    let cyclic = Set(rs.decisions.indices.filter { reads[$0].decisions.contains($0) })
    for d in rs.decisions.indices where !broken.contains(d) && !cyclic.contains(d) {
      if !reads[d].decisions.isDisjoint(with: broken) || !reads[d].definitions.isDisjoint(with: brokenDefinitions) { continue }
      // A decision it reads may sit on a cycle it is not part of; evaluating that would not end.
      if !reads[d].decisions.isDisjoint(with: cyclic) { continue }
      ok.insert(d)
    }
    trusted = ok
  }

  /// Every expression of a decision: conditions, exclusions and deadlines.
  static func slots(of d: Decision) -> [ExprSlot] {
    var out: [ExprSlot] = []
    for r in d.rules + (d.otherwise.map { [$0] } ?? []) {
      out += r.when?.slots ?? []
      for x in r.unless { out += x.when.slots }
      if let dl = r.deadline { out.append(dl) }
    }
    return out
  }

  /// The conditions of one rule (its `when` and exclusions).
  static func slots(of r: Rule) -> [ExprSlot] {
    (r.when?.slots ?? []) + r.unless.flatMap(\.when.slots)
  }

  /// What `slots` read, transitively through definitions and decisions.
  static func reads(of slots: [ExprSlot], in rs: RuleSet) -> Reads {
    var out = Reads()
    var work = slots.map(\.typed)
    while let e = work.popLast() {
      e.visit { x in
        switch x.kind {
        case .symbol(.fact(let i)): out.facts.insert(i)
        case .symbol(.asOf): out.asOf = true
        case .symbol(.definition(let i)):
          if out.definitions.insert(i).inserted { work += rs.definitions[i].body.slots.map(\.typed) }
        case .symbol(.decision(let d, _)):
          if out.decisions.insert(d).inserted { work += Self.slots(of: rs.decisions[d]).map(\.typed) }
        case .call(.known, let args):
          if case .symbol(.fact(let i))? = args.first?.kind { out.knownFacts.insert(i) }
        default: break
        }
      }
    }
    return out
  }

  /// Every expression in the rule set, for lints that look at all of them.
  var allSlots: [ExprSlot] {
    ruleSet.definitions.flatMap(\.body.slots) + ruleSet.decisions.flatMap(Self.slots(of:))
  }
}
