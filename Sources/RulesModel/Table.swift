import RulesExpr
import RulesSource

/// A small data set with a keyed lookup, matched the way the table declares.
public struct TableDecl: Hashable, Sendable {
  public let name: String
  public let keyColumn: Int
  public let aliasColumn: Int?
  public let match: KeyMatch
  public let columns: [(name: String, type: ExprType)]
  public let rows: [[Value]]
  /// Normalised key or alias → row.
  public let index: [String: Int]
  public let range: SourceRange

  public static func == (a: TableDecl, b: TableDecl) -> Bool {
    a.name == b.name && a.rows == b.rows && a.match == b.match && a.columns.map(\.name) == b.columns.map(\.name)
  }
  public func hash(into h: inout Hasher) { h.combine(name) }

  /// The row whose key or alias matches `key` after normalisation.
  public func lookup(_ key: String) -> Int? { index[match.normalize(key)] }
}
