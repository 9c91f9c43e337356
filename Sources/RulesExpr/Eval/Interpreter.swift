/// Evaluates checked expressions under Kleene's three-valued logic.
package enum Interpreter {
  package static func evaluate<S: SymbolSource>(_ e: TypedExpr, _ s: inout S) throws(EvalFailure) -> Tri {
    switch e.kind {
    case .literal(let v): return .known(v)
    case .symbol(let sym): return try s.value(of: sym)
    case .list(let items):
      var out: [Value] = []
      var missing = FactSet()
      var unknown = false  // not `missing.isEmpty`: an unknown may name no fact (`as_of` while folding)
      for item in items {
        switch try evaluate(item, &s) {
        case .known(let v): out.append(v)
        case .unknown(let m):
          unknown = true
          missing = missing.union(m)
        }
      }
      return unknown ? .unknown(missing) : .known(.list(out))
    case .not(let x):
      switch try evaluate(x, &s) {
      case .known(let v): return .known(.bool(!(v.boolValue ?? false)))
      case let u: return u
      }
    case .negate(let x):
      return try map(evaluate(x, &s)) { v throws(EvalFailure) in
        guard case .number(let n) = v else { throw typeFailure(e) }
        return .number(-n)
      }
    case .and(let a, let b):
      // false and unknown = false; true and unknown = unknown.
      let x = try evaluate(a, &s)
      if x == .false { return .false }
      let y = try evaluate(b, &s)
      if y == .false { return .false }
      return try both(x, y) { _, _ in .bool(true) }
    case .or(let a, let b):
      let x = try evaluate(a, &s)
      if x == .true { return .true }
      let y = try evaluate(b, &s)
      if y == .true { return .true }
      return try both(x, y) { _, _ in .bool(false) }
    case .compare(let op, let a, let b):
      let x = try evaluate(a, &s), y = try evaluate(b, &s)
      return try both(x, y) { l, r throws(EvalFailure) in .bool(try compare(op, l, r, e)) }
    case .arithmetic(let op, let a, let b):
      let x = try evaluate(a, &s), y = try evaluate(b, &s)
      return try both(x, y) { l, r throws(EvalFailure) in try arithmetic(op, l, r, e) }
    case .member(let x, let list, let negated):
      let a = try evaluate(x, &s), b = try evaluate(list, &s)
      return try both(a, b) { v, l in
        guard case .list(let items) = l else { return .bool(false) }
        return .bool(items.contains(v) != negated)
      }
    case .coalesce(let a, let b):
      let x = try evaluate(a, &s)
      if case .known(.none) = x { return try evaluate(b, &s) }
      return x
    case .conditional(let c, let a, let b):
      switch try evaluate(c, &s) {
      case .known(.bool(true)): return try evaluate(a, &s)
      case .known: return try evaluate(b, &s)
      case .unknown(let m):
        // Both branches agreeing settles it even when the condition is unknown.
        let x = try evaluate(a, &s), y = try evaluate(b, &s)
        if case .known = x, x == y { return x }
        return .unknown(m)
      }
    case .call(let fn, let args):
      return try Builtins.call(fn, args, e, &s)
    case .column(let rowExpr, let column):
      return try map(evaluate(rowExpr, &s)) { v throws(EvalFailure) in
        guard case .row(let t, let i) = v else {
          if v == .none { return .none }
          throw typeFailure(e)
        }
        return s.cell(table: t, row: i, column: column)
      }
    }
  }

  /// Applies `f` to a known value; passes unknown through.
  @inline(__always)
  static func map(_ t: Tri, _ f: (Value) throws(EvalFailure) -> Value) throws(EvalFailure) -> Tri {
    switch t {
    case .known(let v): return .known(try f(v))
    case .unknown: return t
    }
  }

  /// Applies `f` to two known values; unknown when either is, depending on both sides' missing facts.
  @inline(__always)
  static func both(_ a: Tri, _ b: Tri, _ f: (Value, Value) throws(EvalFailure) -> Value) throws(EvalFailure) -> Tri {
    switch (a, b) {
    case (.known(let x), .known(let y)): return .known(try f(x, y))
    case (.unknown(let m), .unknown(let n)): return .unknown(m.union(n))
    case (.unknown(let m), _), (_, .unknown(let m)): return .unknown(m)
    }
  }

  package static func typeFailure(_ e: TypedExpr) -> EvalFailure {
    EvalFailure("internal type error evaluating this expression", range: e.range)
  }

  package static func compare(_ op: TypedExpr.CompareOp, _ l: Value, _ r: Value, _ e: TypedExpr) throws(EvalFailure) -> Bool {
    switch op {
    case .eq: return l == r
    case .ne: return l != r
    default: break
    }
    let c: Int
    switch (l, r) {
    case (.number(let a), .number(let b)): c = a < b ? -1 : a > b ? 1 : 0
    case (.date(let a), .date(let b)): c = a < b ? -1 : a > b ? 1 : 0
    case (.none, _), (_, .none):
      throw EvalFailure("a value compared with `\(op.rawValue)` is none", help: "guard it with `!= none`", range: e.range)
    default: throw typeFailure(e)
    }
    switch op {
    case .lt: return c < 0
    case .le: return c <= 0
    case .gt: return c > 0
    default: return c >= 0
    }
  }

  package static func arithmetic(_ op: TypedExpr.ArithmeticOp, _ l: Value, _ r: Value, _ e: TypedExpr) throws(EvalFailure) -> Value {
    switch (op, l, r) {
    case (.add, .number(let a), .number(let b)): return .number(a + b)
    case (.subtract, .number(let a), .number(let b)): return .number(a - b)
    case (.multiply, .number(let a), .number(let b)): return .number(a * b)
    case (.divide, .number(let a), .number(let b)):
      guard b != 0 else { throw EvalFailure("division by zero", range: e.range) }
      return .number(a / b)
    case (.dateAdd, .date(let d), .duration(let p)), (.dateSubtract, .date(let d), .duration(let p)):
      do {
        return .date(op == .dateAdd ? try d.adding(p) : try d.subtracting(p))
      } catch {
        throw EvalFailure(error.message, help: "use `add(…, round: down)` or `period_end(…)`", range: e.range)
      }
    default: throw typeFailure(e)
    }
  }
}
