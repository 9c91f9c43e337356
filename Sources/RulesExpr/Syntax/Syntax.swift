/// The abstract syntax of rule expressions, as produced by ``ExprParser``.
///
/// `Syntax` is only a namespace; the tree is made of ``Syntax/Expr`` nodes.
/// Names (`as_of`, `service.registered_on`) are kept as unresolved paths —
/// resolving them against definitions and inputs happens in a later stage.
package enum Syntax {
  /// A parsed expression.
  ///
  /// `==` and `hash(into:)` compare meaning only: `range` is ignored, so two
  /// expressions written with different spacing or parentheses are equal and a
  /// semantic diff does not see positions.
  package struct Expr: Hashable, Sendable, CustomStringConvertible {
    /// The shape of an expression node.
    package indirect enum Kind: Hashable, Sendable {
      /// A constant: `true`, `12`, `"text"`, `2021-07-06`, `1 year`, `none`.
      case literal(Literal)
      /// A dotted name such as `as_of` or `service.registered_on`, one element per segment.
      case path([String])
      /// A list such as `[a, b]`.
      case list([Expr])
      /// A prefix operator: `not x` or `-x`.
      case unary(UnaryOp, Expr)
      /// An infix operator: `a + b`, `a and b`, `x in xs`, `a ?? b`, ….
      case binary(BinaryOp, Expr, Expr)
      /// `if condition then a else b`.
      case conditional(Expr, Expr, Expr)
      /// A function call such as `min(a, b)` or `period_end(d, 1 year, first_day: excluded)`.
      case call(String, [Argument])
      /// A member lookup after a call, list or parenthesised expression: `lookup(t, k).registered_on`.
      case member(Expr, String)
    }

    /// What this expression is.
    package let kind: Kind
    /// Where the expression is in its source, as offsets in Unicode scalars (code points).
    /// A parenthesised expression's range includes its parentheses.
    package let range: Range<Int>
    /// Levels in this tree (1 for a leaf). The parser refuses trees higher than `Limits.maxHeight`,
    /// so the recursive passes over a tree (checker, interpreter, printer) cannot exhaust the stack.
    package let height: Int

    /// Creates an expression node; `range` defaults to an empty range for synthesised trees.
    package init(kind: Kind, range: Range<Int> = 0..<0) {
      self.kind = kind
      self.range = range
      switch kind {
      case .literal, .path: height = 1
      case .list(let items): height = 1 + (items.lazy.map(\.height).max() ?? 0)
      case .unary(_, let x), .member(let x, _): height = 1 + x.height
      case .binary(_, let a, let b): height = 1 + max(a.height, b.height)
      case .conditional(let a, let b, let c): height = 1 + max(a.height, b.height, c.height)
      case .call(_, let args): height = 1 + (args.lazy.map(\.value.height).max() ?? 0)
      }
    }

    /// Compares meaning only; source ranges are ignored.
    package static func == (lhs: Expr, rhs: Expr) -> Bool { lhs.kind == rhs.kind }

    /// Hashes meaning only; source ranges are ignored.
    package func hash(into hasher: inout Hasher) { hasher.combine(kind) }
  }

  /// A constant value written directly in an expression.
  package enum Literal: Hashable, Sendable {
    /// `true` or `false`.
    case bool(Bool)
    /// A number such as `12`, `0.5` or `1_000`. The parser never produces negative numbers:
    /// `-1` is `.unary(.negate, 1)`.
    case number(Double)
    /// A string, `"double"` or `'single'` quoted, with escapes resolved.
    case string(String)
    /// A date such as `2021-07-06`.
    case date(CalendarDate)
    /// A duration such as `1 year 6 months`, `2 weeks` or `P1Y6M`.
    case duration(DateDuration)
    /// The absent value, `none`.
    case none
  }

  /// A prefix operator.
  package enum UnaryOp: String, Hashable, Sendable {
    /// Logical negation, `not x`.
    case not
    /// Arithmetic negation, `-x`.
    case negate
  }

  /// An infix operator.
  package enum BinaryOp: String, Hashable, Sendable {
    /// `a and b`
    case and
    /// `a or b`
    case or
    /// `a == b`
    case equal
    /// `a != b`
    case notEqual
    /// `a < b`
    case less
    /// `a <= b`
    case lessEqual
    /// `a > b`
    case greater
    /// `a >= b`
    case greaterEqual
    /// `a + b`
    case add
    /// `a - b`
    case subtract
    /// `a * b`
    case multiply
    /// `a / b`
    case divide
    /// `x in xs`
    case in_
    /// `x not in xs`
    case notIn
    /// `xs contains x`
    case contains
    /// `a ?? b`: `a` unless it is `none`, else `b`.
    case coalesce
  }

  /// One argument of a call: positional (`label == nil`) or labelled (`first_day: excluded`).
  package struct Argument: Hashable, Sendable {
    /// The label, or `nil` for a positional argument.
    package let label: String?
    /// The argument's value.
    package let value: Expr
    /// Where the label is in the source (scalar offsets), if there is one. Ignored by `==`.
    package let labelRange: Range<Int>?

    /// Creates an argument.
    package init(label: String? = nil, value: Expr, labelRange: Range<Int>? = nil) {
      self.label = label
      self.value = value
      self.labelRange = labelRange
    }

    /// Compares label and value; `labelRange` is ignored.
    package static func == (lhs: Argument, rhs: Argument) -> Bool {
      lhs.label == rhs.label && lhs.value == rhs.value
    }

    /// Hashes label and value; `labelRange` is ignored.
    package func hash(into hasher: inout Hasher) {
      hasher.combine(label)
      hasher.combine(value)
    }
  }
}

extension Syntax.BinaryOp {
  /// The operator as written in source, e.g. `"=="`, `"not in"`, `"??"`.
  package var symbol: String {
    switch self {
    case .and: "and"
    case .or: "or"
    case .equal: "=="
    case .notEqual: "!="
    case .less: "<"
    case .lessEqual: "<="
    case .greater: ">"
    case .greaterEqual: ">="
    case .add: "+"
    case .subtract: "-"
    case .multiply: "*"
    case .divide: "/"
    case .in_: "in"
    case .notIn: "not in"
    case .contains: "contains"
    case .coalesce: "??"
    }
  }

  /// Binding strength, higher binds tighter: `??` 2, `or` 3, `and` 4,
  /// comparisons 6, `+ -` 7, `* /` 8. (`if` is 1, `not` 5, unary `-` 9, postfix 10.)
  package var precedence: Int {
    switch self {
    case .coalesce: 2
    case .or: 3
    case .and: 4
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in_, .notIn, .contains: 6
    case .add, .subtract: 7
    case .multiply, .divide: 8
    }
  }
}
