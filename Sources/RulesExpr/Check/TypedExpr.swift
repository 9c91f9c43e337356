import RulesSource

/// What a name in an expression refers to, after resolution.
package enum Symbol: Hashable, Sendable {
  case fact(Int)
  case constant(Int)
  case definition(Int)
  case decision(Int, DecisionField)
  case table(Int)
  /// The evaluation date.
  case asOf
}

/// The parts of a decision's result that expressions may read (`interim_measure.outcome`).
package enum DecisionField: String, Hashable, Sendable, CaseIterable {
  case outcome, outcomes, rule, rules, deadline, status, excluded, obligations
}

/// Built-in functions, resolved by the checker.
package enum Builtin: String, Hashable, Sendable, CaseIterable {
  case min, max, count, known
  case fiscalYearEnd = "fiscal_year_end", fiscalYearStart = "fiscal_year_start"
  case periodEnd = "period_end", add
  case daysBetween = "days_between", lookup
  case intersects, anyIn = "any_in"
}

/// A checked expression: names resolved, every node typed. The evaluator walks this tree.
package struct TypedExpr: Hashable, Sendable {
  package indirect enum Kind: Hashable, Sendable {
    case literal(Value)
    case symbol(Symbol)
    case list([TypedExpr])
    case not(TypedExpr)
    case negate(TypedExpr)
    case and(TypedExpr, TypedExpr)
    case or(TypedExpr, TypedExpr)
    case compare(CompareOp, TypedExpr, TypedExpr)
    case arithmetic(ArithmeticOp, TypedExpr, TypedExpr)
    /// `x in list`; `negated` for `not in`.
    case member(TypedExpr, of: TypedExpr, negated: Bool)
    case coalesce(TypedExpr, TypedExpr)
    case conditional(TypedExpr, TypedExpr, TypedExpr)
    /// Calls; options such as `first_day:` and `round:` are ordinary trailing arguments.
    case call(Builtin, [TypedExpr])
    /// Column `column` of a (possibly none) table row.
    case column(TypedExpr, column: Int)
  }

  package enum CompareOp: String, Hashable, Sendable { case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=" }
  package enum ArithmeticOp: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case dateAdd = "date +", dateSubtract = "date -"
  }

  package let kind: Kind
  package let type: ExprType
  /// Offsets in Unicode scalars within the expression's text.
  package let range: Range<Int>

  package init(_ kind: Kind, _ type: ExprType, _ range: Range<Int>) {
    self.kind = kind
    self.type = type
    self.range = range
  }
}

/// A problem found while checking one expression, positioned in the expression's text.
package struct ExprIssue: Hashable, Sendable {
  package let code: DiagnosticCode
  package let message: String
  package let range: Range<Int>
  package let help: String?
  package let isWarning: Bool

  package init(_ code: DiagnosticCode, _ message: String, _ range: Range<Int>, help: String? = nil, warning: Bool = false) {
    self.code = code
    self.message = message
    self.range = range
    self.help = help
    self.isWarning = warning
  }
}

/// What the checker needs to know about the rule set around an expression.
package protocol CheckScope: AnyObject {
  /// The symbol and type a dotted name refers to, or an issue explaining why it does not resolve
  /// (an unknown fact with a did-you-mean, `.outcome` of a `collect` decision, ...).
  func resolve(_ path: [String], range: Range<Int>) -> Result<(Symbol, ExprType), ExprIssueBox>
  /// Columns of table number `table`, with their types.
  func columns(ofTable table: Int) -> [(name: String, type: ExprType)]
}

/// Wraps an issue so it can be a `Result` failure.
package struct ExprIssueBox: Error, Sendable {
  package let issue: ExprIssue
  package init(_ issue: ExprIssue) { self.issue = issue }
}
