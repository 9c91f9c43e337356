import RulesExpr
import RulesSource

/// A small data set with a keyed lookup, matched the way the table declares.
package struct TableDecl: Hashable, Sendable {
  package let name: String
  package let keyColumn: Int
  package let aliasColumn: Int?
  package let match: KeyMatch
  package let columns: [(name: String, type: ExprType)]
  package let rows: [[Value]]
  /// Normalised key or alias → row.
  package let index: [String: Int]
  package let range: SourceRange

  package static func == (a: TableDecl, b: TableDecl) -> Bool {
    a.name == b.name && a.rows == b.rows && a.match == b.match && a.columns.map(\.name) == b.columns.map(\.name)
  }
  package func hash(into h: inout Hasher) { h.combine(name) }

  /// The row whose key or alias matches `key` after normalisation.
  package func lookup(_ key: String) -> Int? { index[match.normalize(key)] }
}
