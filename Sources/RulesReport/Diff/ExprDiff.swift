import RulesExpr

/// Compares two expressions (a deadline, a constant's value) node by node, as `ConditionDiff`
/// does conditions: the two trees are walked together while they have the same shape (the same
/// operator, function and labels), and each node that changed is shown at its path with just its
/// old and new text. `if c then a else b` has the parts `if`, `then`, `else`;
/// a call its arguments `name[i]` (by position) or `name.label`; an operator its operands
/// `op[0]` and `op[1]`; a list its items `[i]`. Each part that differs is followed down; where
/// the shapes differ the node is shown whole, so an expression rewritten from the top is one
/// old → new line.
enum ExprDiff {
  static func fields(_ a: Syntax.Expr, _ b: Syntax.Expr, root: String) -> [RuleSetDiff.Field] {
    if a == b { return [] }
    guard let parts = parts(a, b) else { return [RuleSetDiff.Field(root, a.description, b.description)] }
    return parts.flatMap { fields($0.old, $0.new, root: root + $0.label) }
  }

  /// The labelled parts of two nodes of the same shape, or nil when the shapes differ.
  static func parts(_ a: Syntax.Expr, _ b: Syntax.Expr) -> [(label: String, old: Syntax.Expr, new: Syntax.Expr)]? {
    switch (a.kind, b.kind) {
    case (.conditional(let c1, let t1, let e1), .conditional(let c2, let t2, let e2)):
      return [(".if", c1, c2), (".then", t1, t2), (".else", e1, e2)]
    case (.binary(let o1, let l1, let r1), .binary(let o2, let l2, let r2)) where o1 == o2:
      return [(".\(o1.symbol)[0]", l1, l2), (".\(o1.symbol)[1]", r1, r2)]
    case (.unary(let o1, let x1), .unary(let o2, let x2)) where o1 == o2:
      return [(o1 == .not ? ".not" : ".-", x1, x2)]
    case (.call(let f1, let as1), .call(let f2, let as2)) where f1 == f2 && as1.map(\.label) == as2.map(\.label):
      return zip(as1, as2).enumerated().map { i, p in
        (p.0.label.map { ".\(f1).\($0)" } ?? ".\(f1)[\(i)]", p.0.value, p.1.value)
      }
    case (.list(let xs), .list(let ys)) where xs.count == ys.count:
      return zip(xs, ys).enumerated().map { i, p in ("[\(i)]", p.0, p.1) }
    default:
      return nil
    }
  }
}
