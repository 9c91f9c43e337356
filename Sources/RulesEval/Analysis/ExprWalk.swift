import RulesExpr
import RulesModel

// Walking checked expressions: the one walk behind the lints, the order-effect analysis and
// `diff --explore` (boundary values, comparisons, what a rule reads).

extension TypedExpr {
  /// The direct sub-expressions.
  package var children: [TypedExpr] {
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
  package func visit(_ f: (TypedExpr) -> Void) {
    f(self)
    for c in children { c.visit(f) }
  }

  /// Every place in this expression where one operand is compared with another, parents first and
  /// operands left to right: what the analyses take their boundary values from.
  package var comparisons: [Comparison] {
    var out: [Comparison] = []
    visit { e in
      switch e.kind {
      case .compare(_, let a, let b): out.append(.compare(a, b))
      case .member(let a, let b, _): out.append(.member(item: a, list: b))
      case .call(.lookup, let args) where args.count == 2:
        if case .symbol(.table(let t)) = args[0].kind { out.append(.lookup(table: t, key: args[1])) }
      default: break
      }
    }
    return out
  }

  /// The fact this expression is, if it is one.
  package var fact: Int? {
    if case .symbol(.fact(let i)) = kind { return i }
    return nil
  }
}

/// One comparison in an expression (`TypedExpr.comparisons`).
package enum Comparison {
  /// `a op b` for `==`, `!=`, `<`, `<=`, `>`, `>=`.
  case compare(TypedExpr, TypedExpr)
  /// `item in list` (or `not in`).
  case member(item: TypedExpr, list: TypedExpr)
  /// `lookup(table, key)`.
  case lookup(table: Int, key: TypedExpr)
}

extension ExprSlot {
  /// The expression's text between two offsets (in Unicode scalars), for messages.
  package func excerpt(_ r: Range<Int>) -> String {
    let scalars = Array(text.unicodeScalars)
    let lo = min(max(0, r.lowerBound), scalars.count), hi = min(max(lo, r.upperBound), scalars.count)
    var s = String.UnicodeScalarView()
    s.append(contentsOf: scalars[lo..<hi])
    return String(s).trimmingSpaces
  }
}

extension String {
  package var trimmingSpaces: String {
    let s = unicodeScalars.drop(while: { $0 == " " || $0 == "\n" })
    return String(String.UnicodeScalarView(s.reversed().drop(while: { $0 == " " || $0 == "\n" }).reversed()))
  }
}

/// What a set of expressions reads, following definitions and decisions to the facts underneath.
package struct Reads {
  package var facts: Set<Int> = []
  package var decisions: Set<Int> = []
  package var definitions: Set<Int> = []
  package var asOf = false
  /// Facts used inside `known(…)`, whose absence matters.
  package var knownFacts: Set<Int> = []

  /// What `slots` read, transitively through definitions and decisions.
  package init(_ slots: [ExprSlot], in rs: RuleSet) {
    var work = slots.map(\.typed)
    while let e = work.popLast() {
      e.visit { x in
        switch x.kind {
        case .symbol(.fact(let i)): facts.insert(i)
        case .symbol(.asOf): asOf = true
        case .symbol(.definition(let i)):
          if definitions.insert(i).inserted { work += rs.definitions[i].body.slots.map(\.typed) }
        case .symbol(.decision(let d, _)):
          if decisions.insert(d).inserted { work += rs.decisions[d].slots.map(\.typed) }
        case .call(.known, let args):
          if case .symbol(.fact(let i))? = args.first?.kind { knownFacts.insert(i) }
        default: break
        }
      }
    }
  }

  /// What these rules read (their conditions and exclusions).
  package init(_ rules: [Rule], in rs: RuleSet) {
    self.init(rules.flatMap(\.conditionSlots), in: rs)
  }
}

extension Rule {
  /// The conditions of the rule: its `when` and its exclusions.
  package var conditionSlots: [ExprSlot] {
    (when?.slots ?? []) + unless.flatMap(\.when.slots)
  }
}

extension Decision {
  /// Every expression of the decision: each rule's (and `otherwise`'s) condition, exclusions and deadline.
  package var slots: [ExprSlot] {
    var out: [ExprSlot] = []
    for r in rules + (otherwise.map { [$0] } ?? []) {
      out += r.conditionSlots
      if let dl = r.deadline { out.append(dl) }
    }
    return out
  }
}

extension RuleSet {
  /// Every expression of the rule set: definitions, then decisions.
  package var allSlots: [ExprSlot] {
    definitions.flatMap(\.body.slots) + decisions.flatMap(\.slots)
  }
}
