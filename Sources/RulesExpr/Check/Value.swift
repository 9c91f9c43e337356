/// A run-time value. `none` is a value (known to be absent); "unknown" is not a value but a
/// state of evaluation (see `Outcome3` in RulesEval).
package enum Value: Hashable, Sendable, CustomStringConvertible {
  case bool(Bool)
  case number(Double)
  case string(String)
  case date(CalendarDate)
  case duration(DateDuration)
  case list([Value])
  /// Row `index` of table number `table`.
  case row(table: Int, index: Int)
  case none

  package var description: String {
    switch self {
    case .bool(let b): return b ? "true" : "false"
    case .number(let n): return Value.format(n)
    case .string(let s): return s
    case .date(let d): return d.description
    case .duration(let d): return d.description
    case .list(let xs): return "[" + xs.map(\.description).joined(separator: ", ") + "]"
    case .row(let t, let i): return "row \(i + 1) of table \(t)"
    case .none: return "none"
    }
  }

  /// Integral numbers print without `.0`.
  package static func format(_ n: Double) -> String {
    if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
    return String(n)
  }

  package var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }
}
