import RulesSource

/// Resolves names and types in a parsed expression. Runs when a rule set loads, so a misspelt
/// fact, a date compared with a bool, or an optional value used unguarded is a load error.
package struct Checker {
  let scope: CheckScope
  package internal(set) var issues: [ExprIssue] = []
  /// Dotted names known not to be none here (after `x != none and …`).
  var present: Set<[String]> = []

  package init(scope: CheckScope) { self.scope = scope }

  /// Checks `expr`; on failure returns nil and leaves the reasons in `issues`.
  package mutating func check(_ expr: Syntax.Expr) -> TypedExpr? {
    typed(expr)
  }

  /// Checks an expression that must be a (non-optional) bool: a condition.
  package mutating func checkCondition(_ expr: Syntax.Expr) -> TypedExpr? {
    guard let t = typed(expr) else { return nil }
    return expectBool(t, expr, what: "a condition")
  }

  mutating func fail(_ code: DiagnosticCode, _ msg: String, _ r: Range<Int>, help: String? = nil) -> TypedExpr? {
    issues.append(ExprIssue(code, msg, r, help: help))
    return nil
  }

  mutating func expectBool(_ t: TypedExpr, _ e: Syntax.Expr, what: String) -> TypedExpr? {
    if t.type == .bool { return t }
    if t.type == .optional(.bool) {
      return fail(.optionalUnguarded, "`\(e)` may be none and cannot be used as \(what)", e.range,
                  help: "write `\(e) == true`, or give a default: `\(e) ?? false`")
    }
    return fail(.typeMismatch, "\(what) must be true or false, but `\(e)` is \(t.type)", e.range)
  }

  mutating func typed(_ e: Syntax.Expr) -> TypedExpr? {
    let r = e.range
    switch e.kind {
    case .literal(let lit):
      switch lit {
      case .bool(let b): return TypedExpr(.literal(.bool(b)), .bool, r)
      case .number(let n): return TypedExpr(.literal(.number(n)), .number, r)
      case .string(let s): return TypedExpr(.literal(.string(s)), .string, r)
      case .date(let d): return TypedExpr(.literal(.date(d)), .date, r)
      case .duration(let d): return TypedExpr(.literal(.duration(d)), .duration, r)
      case .none: return TypedExpr(.literal(.none), .nothing, r)
      }
    case .path(let path):
      switch scope.resolve(path, range: r) {
      case .failure(let box):
        issues.append(box.issue)
        return nil
      case .success(let (sym, type)):
        let narrowed = present.contains(path) ? type.unwrapped : type
        return TypedExpr(.symbol(sym), narrowed, r)
      }
    case .list(let items):
      var out: [TypedExpr] = []
      var type = ExprType.nothing
      var ok = true
      for item in items {
        guard let t = typed(item) else { ok = false; continue }
        guard let j = out.isEmpty ? t.type : ExprType.join(type, t.type) else {
          return fail(.typeMismatch, "a list cannot mix \(type) and \(t.type)", item.range)
        }
        type = j
        out.append(t)
      }
      return ok ? TypedExpr(.list(out), .list(type), r) : nil
    case .unary(.not, let x):
      guard let t = typed(x), let b = expectBool(t, x, what: "the operand of `not`") else { return nil }
      return TypedExpr(.not(b), .bool, r)
    case .unary(.negate, let x):
      guard let t = typed(x) else { return nil }
      guard t.type == .number else { return fail(.typeMismatch, "`-` needs a number, but `\(x)` is \(t.type)", r) }
      return TypedExpr(.negate(t), .number, r)
    case .binary(let op, let a, let b):
      return binary(op, a, b, r)
    case .conditional(let c, let a, let b):
      guard let tc = typed(c), let cond = expectBool(tc, c, what: "the condition of `if`") else { return nil }
      let saved = present
      present.formUnion(Narrowing.present(whenTrue: c))
      let ta = typed(a)
      present = saved.union(Narrowing.present(whenFalse: c))
      let tb = typed(b)
      present = saved
      guard let ta, let tb else { return nil }
      guard let j = ExprType.join(ta.type, tb.type) else {
        return fail(.typeMismatch, "`then` gives \(ta.type) but `else` gives \(tb.type)", r,
                    help: "both branches of `if` must have the same type")
      }
      return TypedExpr(.conditional(cond, ta, tb), j, r)
    case .call(let name, let args):
      return call(name, args, r)
    case .member(let base, let name):
      guard let t = typed(base) else { return nil }
      guard case .row(let table, let tname) = t.type.unwrapped else {
        return fail(.typeMismatch, "`.\(name)` needs a table row, but `\(base)` is \(t.type)", r)
      }
      let cols = scope.columns(ofTable: table)
      guard let i = cols.firstIndex(where: { $0.name == name }) else {
        return fail(.unknownColumn, "table `\(tname)` has no column `\(name)`", r,
                    help: Suggestions.didYouMean(name, in: cols.map(\.name)))
      }
      let ct = cols[i].type
      return TypedExpr(.column(t, column: i), t.type.isOptional ? ct.optional : ct, r)
    }
  }
}
