import RulesSource

extension Checker {
  mutating func binary(_ op: Syntax.BinaryOp, _ a: Syntax.Expr, _ b: Syntax.Expr, _ r: Range<Int>) -> TypedExpr? {
    switch op {
    case .and, .or:
      guard let ta = typed(a) else { _ = typed(b); return nil }
      // The right side of `and` sees what the left side proved present (`x != none and x < …`);
      // the right side of `or` sees what the left side's falsity proved (`x == none or x < …`).
      let saved = present
      present.formUnion(op == .and ? Narrowing.present(whenTrue: a) : Narrowing.present(whenFalse: a))
      let tb = typed(b)
      present = saved
      let word = op == .and ? "and" : "or"
      guard let tb, let x = expectBool(ta, a, what: "an operand of `\(word)`"),
        let y = expectBool(tb, b, what: "an operand of `\(word)`")
      else { return nil }
      return TypedExpr(op == .and ? .and(x, y) : .or(x, y), .bool, r)
    case .coalesce:
      guard let ta = typed(a), let tb = typed(b) else { return nil }
      guard let j = ExprType.join(ta.type.unwrapped, tb.type) else {
        return fail(.typeMismatch, "`??` gives \(ta.type.unwrapped) on the left but \(tb.type) on the right", r)
      }
      return TypedExpr(.coalesce(ta, tb), j, r)
    case .equal, .notEqual:
      if reportUnquotedEnumValue(a, b) || reportUnquotedEnumValue(b, a) { return nil }
      guard let ta = typed(a), let tb = typed(b) else { return nil }
      guard ExprType.join(ta.type, tb.type) != nil else {
        return fail(.typeMismatch, "cannot compare \(ta.type) `\(a)` with \(tb.type) `\(b)`", r,
                    help: quotedDateHelp(ta, a, tb, b))
      }
      checkEnumLiteral(ta, tb, b)
      checkEnumLiteral(tb, ta, a)
      return TypedExpr(.compare(op == .equal ? .eq : .ne, ta, tb), .bool, r)
    case .less, .lessEqual, .greater, .greaterEqual:
      guard let ta = typed(a), let tb = typed(b) else { return nil }
      let sym = op == .less ? "<" : op == .lessEqual ? "<=" : op == .greater ? ">" : ">="
      for (t, e) in [(ta, a), (tb, b)] where t.type.isOptional {
        return fail(.optionalUnguarded, "`\(e)` may be none and cannot be compared with `\(sym)`", e.range,
                    help: "test it first (`\(e) != none and …`) or give a default (`\(e) ?? …`)")
      }
      guard ta.type == tb.type, ta.type == .number || ta.type == .date else {
        return fail(.typeMismatch, "cannot compare \(ta.type) `\(a)` with \(tb.type) `\(b)` using `\(sym)`", r,
                    help: quotedDateHelp(ta, a, tb, b)
                      ?? (ta.type == .date || tb.type == .date ? "dates compare with dates, written YYYY-MM-DD" : nil))
      }
      let cop: TypedExpr.CompareOp = op == .less ? .lt : op == .lessEqual ? .le : op == .greater ? .gt : .ge
      return TypedExpr(.compare(cop, ta, tb), .bool, r)
    case .add, .subtract, .multiply, .divide:
      guard let ta = typed(a), let tb = typed(b) else { return nil }
      for (t, e) in [(ta, a), (tb, b)] where t.type.isOptional {
        return fail(.optionalUnguarded, "`\(e)` may be none and cannot be used in arithmetic", e.range,
                    help: "give a default: `\(e) ?? …`")
      }
      switch (ta.type, tb.type, op) {
      case (.number, .number, _):
        let aop: TypedExpr.ArithmeticOp = op == .add ? .add : op == .subtract ? .subtract : op == .multiply ? .multiply : .divide
        return TypedExpr(.arithmetic(aop, ta, tb), .number, r)
      case (.date, .duration, .add): return TypedExpr(.arithmetic(.dateAdd, ta, tb), .date, r)
      case (.date, .duration, .subtract): return TypedExpr(.arithmetic(.dateSubtract, ta, tb), .date, r)
      case (.date, .date, .subtract):
        return fail(.typeMismatch, "dates cannot be subtracted", r, help: "write `days_between(\(b), \(a))`")
      default:
        return fail(.typeMismatch, "cannot apply `\(op.symbol)` to \(ta.type) and \(tb.type)", r)
      }
    case .in_, .notIn:
      if case .list(let items) = b.kind {
        for item in items where reportUnquotedEnumValue(item, a) { return nil }
      }
      guard let ta = typed(a), let tb = typed(b) else { return nil }
      guard case .list(let item) = tb.type else {
        return fail(.typeMismatch, "`in` needs a list on the right, but `\(b)` is \(tb.type)", b.range)
      }
      guard item == .nothing || ExprType.join(item, ta.type) != nil else {
        return fail(.typeMismatch, "cannot look for \(ta.type) `\(a)` in a list of \(item)", r)
      }
      if case .list(let items) = tb.kind { for (t, e) in zip(items, listItems(b)) { checkEnumLiteral(ta, t, e) } }
      return TypedExpr(.member(ta, of: tb, negated: op == .notIn), .bool, r)
    case .contains:
      guard let ta = typed(a), let tb = typed(b) else { return nil }
      guard case .list(let item) = ta.type else {
        return fail(.typeMismatch, "`contains` needs a list on the left, but `\(a)` is \(ta.type)", a.range)
      }
      guard item == .nothing || ExprType.join(item, tb.type) != nil else {
        return fail(.typeMismatch, "a list of \(item) cannot contain \(tb.type) `\(b)`", r)
      }
      checkEnumLiteral(TypedExpr(ta.kind, item, ta.range), tb, b)
      return TypedExpr(.member(tb, of: ta, negated: false), .bool, r)
    }
  }

  private func listItems(_ e: Syntax.Expr) -> [Syntax.Expr] {
    if case .list(let xs) = e.kind { return xs }
    return []
  }

  /// `agency.kind == "nationl"`: a string literal compared with an enum must be one of its values.
  mutating func checkEnumLiteral(_ enumSide: TypedExpr, _ other: TypedExpr, _ otherExpr: Syntax.Expr) {
    guard case .enumeration(let name, let values) = enumSide.type.unwrapped,
      case .literal(.string(let s)) = other.kind, !values.contains(s)
    else { return }
    issues.append(ExprIssue(
      .unknownValue, "`\(s)` is not a value of \(name)", otherExpr.range,
      help: Suggestions.didYouMean(s, in: values)
        ?? (values.isEmpty ? nil : "its values are: \(values.map { "`\($0)`" }.joined(separator: ", "))")))
  }
}

/// Which names an expression proves present (not none) when it is true, or when it is false.
enum Narrowing {
  static func present(whenTrue e: Syntax.Expr) -> Set<[String]> {
    switch e.kind {
    case .binary(.notEqual, let a, let b): return noneTest(a, b)
    case .binary(.and, let a, let b): return present(whenTrue: a).union(present(whenTrue: b))
    case .unary(.not, let x): return present(whenFalse: x)
    default: return []
    }
  }

  static func present(whenFalse e: Syntax.Expr) -> Set<[String]> {
    switch e.kind {
    case .binary(.equal, let a, let b): return noneTest(a, b)
    case .binary(.or, let a, let b): return present(whenFalse: a).union(present(whenFalse: b))
    case .unary(.not, let x): return present(whenTrue: x)
    default: return []
    }
  }

  private static func noneTest(_ a: Syntax.Expr, _ b: Syntax.Expr) -> Set<[String]> {
    if case .path(let p) = a.kind, case .literal(.none) = b.kind { return [p] }
    if case .path(let p) = b.kind, case .literal(.none) = a.kind { return [p] }
    return []
  }
}

extension Checker {
  /// `service.model == saas`: a bare word that names nothing but is a value of the enum it is compared
  /// with was meant as text. Reports that (instead of "unknown name") and returns true.
  mutating func reportUnquotedEnumValue(_ word: Syntax.Expr, _ other: Syntax.Expr) -> Bool {
    guard case .path(let p) = word.kind, p.count == 1, case .failure = scope.resolve(p, range: word.range) else { return false }
    var probe = self  // typing `other` here must not add its issues twice
    guard let t = probe.typed(other), case .enumeration(let name, let values) = t.type.unwrapped, values.contains(p[0]) else {
      return false
    }
    _ = fail(.unknownValue, "`\(p[0])` is not a name: it is a value of \(name), and values are quoted", word.range,
             help: "quote it: `\"\(p[0])\"`")
    return true
  }

  /// `signed_on >= "2021-07-06"`: a date in quotes is text; say to drop the quotes.
  func quotedDateHelp(_ ta: TypedExpr, _ a: Syntax.Expr, _ tb: TypedExpr, _ b: Syntax.Expr) -> String? {
    for (t, other) in [(ta, tb), (tb, ta)] where t.type.unwrapped == .date {
      guard case .literal(.string(let text)) = other.kind else { continue }
      if let d = try? CalendarDate.parse(text) { return "drop the quotes: a date is written `\(d)`, quotes make it text" }
      return "a date is written YYYY-MM-DD without quotes; " + CalendarDate.formHelp(Substring(text))
    }
    return nil
  }
}
