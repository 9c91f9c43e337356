/// The static type of an expression. Enums are strings with a closed set of values, so a
/// comparison with a value outside the set is caught when the rule set loads.
package indirect enum ExprType: Hashable, Sendable, CustomStringConvertible {
  case bool, number, string, date, duration
  /// A string that takes one of `values`; `name` says where they come from (a fact, a decision).
  case enumeration(name: String, values: [String])
  case list(ExprType)
  /// A row of table number `table` (index into the rule set's tables).
  case row(table: Int, name: String)
  /// A value that may be `none`.
  case optional(ExprType)
  /// The type of the literal `none`, and of the items of `[]`.
  case nothing

  /// The type without its optional wrapper.
  package var unwrapped: ExprType {
    if case .optional(let t) = self { return t }
    return self
  }

  package var isOptional: Bool {
    switch self {
    case .optional, .nothing: return true
    default: return false
    }
  }

  /// Wraps in optional unless already optional.
  package var optional: ExprType { isOptional ? self : .optional(self) }

  /// Strings and enums compare with each other.
  package var isStringLike: Bool {
    switch unwrapped {
    case .string, .enumeration: return true
    default: return false
    }
  }

  package var description: String {
    switch self {
    case .bool: return "bool"
    case .number: return "number"
    case .string: return "string"
    case .date: return "date"
    case .duration: return "duration"
    case .enumeration(let name, _): return "enum `\(name)`"
    case .list(let t): return "list of \(t)"
    case .row(_, let name): return "row of table `\(name)`"
    case .optional(let t): return "optional \(t)"
    case .nothing: return "none"
    }
  }

  /// Whether a value of type `other` may stand where `self` is expected.
  package func accepts(_ other: ExprType) -> Bool {
    if self == other { return true }
    switch (self, other) {
    case (.optional, .nothing): return true
    case (.optional(let a), .optional(let b)): return a.accepts(b)
    case (.optional(let a), let b): return a.accepts(b)
    case (.string, .enumeration): return true
    case (.enumeration, .string): return true
    case (.enumeration, .enumeration): return true
    case (.list(let a), .list(let b)): return b == .nothing || a.accepts(b)
    default: return false
    }
  }

  /// The common type of two branches (`if`, `??`, list items), or nil.
  package static func join(_ a: ExprType, _ b: ExprType) -> ExprType? {
    if a == b { return a }
    switch (a, b) {
    case (.nothing, let t), (let t, .nothing): return t.optional
    case (.optional(let x), let y), (let y, .optional(let x)):
      return join(x, y.unwrapped).map { $0.optional }
    case (.enumeration(let n, let xs), .enumeration(_, let ys)):
      return .enumeration(name: n, values: Array(Set(xs + ys)).sorted())
    case (.enumeration, .string), (.string, .enumeration): return .string
    case (.list(let x), .list(let y)): return join(x, y).map { .list($0) }
    default: return nil
    }
  }
}
