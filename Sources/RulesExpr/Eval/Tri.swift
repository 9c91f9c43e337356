import RulesSource

/// The result of evaluating an expression under three-valued logic: a value (possibly `none`),
/// or unknown because some facts were not given — and which ones, so a caller can ask for them.
package enum Tri: Hashable, Sendable {
  case known(Value)
  case unknown(FactSet)

  package static let `true` = Tri.known(.bool(true))
  package static let `false` = Tri.known(.bool(false))
}

/// A small sorted set of fact indices (the facts an unknown result depends on).
package struct FactSet: Hashable, Sendable, Sequence {
  package private(set) var items: [Int]

  package init() { items = [] }
  package init(_ one: Int) { items = [one] }
  /// A set from indices already ascending and distinct.
  package init(sorted: [Int]) { items = sorted }

  package var isEmpty: Bool { items.isEmpty }
  package func makeIterator() -> IndexingIterator<[Int]> { items.makeIterator() }

  package func union(_ other: FactSet) -> FactSet {
    if other.items.isEmpty { return self }
    if items.isEmpty { return other }
    var out = FactSet()
    out.items.reserveCapacity(items.count + other.items.count)
    var i = 0, j = 0
    while i < items.count || j < other.items.count {
      if j == other.items.count || (i < items.count && items[i] < other.items[j]) {
        out.items.append(items[i]); i += 1
      } else if i == items.count || other.items[j] < items[i] {
        out.items.append(other.items[j]); j += 1
      } else {
        out.items.append(items[i]); i += 1; j += 1
      }
    }
    return out
  }
}

/// A failure while evaluating (a day that does not exist, a division by zero): the case cannot
/// be decided as written, which is different from "unknown".
package struct EvalFailure: Error, Hashable, Sendable {
  package let message: String
  package let help: String?
  /// Where in the expression's text.
  package let range: Range<Int>

  /// The scalar holding the expression, once known.
  package private(set) var site: SourceRange?

  package init(_ message: String, help: String? = nil, range: Range<Int>) {
    self.message = message
    self.help = help
    self.range = range
  }

  /// The same failure, placed in `site` unless already placed.
  package func at(_ site: SourceRange) -> EvalFailure {
    var copy = self
    copy.site = copy.site ?? site
    return copy
  }
}

/// Supplies the values of names while an expression is evaluated.
package protocol SymbolSource {
  mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri
  /// Whether fact `index` was given in the case (even as none).
  func isGiven(fact index: Int) -> Bool
  /// The row of table `table` whose key matches `key`, if any.
  func lookup(table: Int, key: String) -> Int?
  /// Column `column` of row `row` of table `table`.
  func cell(table: Int, row: Int, column: Int) -> Value
}
