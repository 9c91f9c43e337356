import RulesExpr
import RulesModel

/// Canonical one-line text of rule-set parts, shared by the diff and its renderers.
package enum Render {
  package static func text(_ t: LocalizedText) -> String { t.both }

  package static func citation(_ c: Citation) -> String {
    var s = c.clause
    if let q = c.quote { s += " «" + q + "»" }
    if let d = c.document { s += " (" + d + ")" }
    if let u = c.url { s += " <" + u + ">" }
    return s
  }

  package static func match(_ m: KeyMatch) -> String {
    var parts = ["normalize: " + (m.nfkc ? "nfkc" : "none")]
    if !m.map.isEmpty {
      parts.append("map: {" + m.map.keys.sorted().map { "\($0): \(m.map[$0]!)" }.joined(separator: ", ") + "}")
    }
    parts.append("case: " + (m.caseInsensitive ? "insensitive" : "sensitive"))
    parts.append("spaces: " + m.spaces.rawValue)
    return "{" + parts.joined(separator: ", ") + "}"
  }

  package static func list(_ xs: [String]) -> String { "[" + xs.joined(separator: ", ") + "]" }

  package static func value(_ v: Value) -> String {
    switch v {
    case .string(let s): return "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    case .list(let xs): return "[" + xs.map(value).joined(separator: ", ") + "]"
    default: return v.description
    }
  }

  package static func type(_ t: ExprType) -> String {
    switch t {
    case .enumeration(_, let values): return "enum " + list(values)
    case .list(let x): return "list of " + type(x)
    case .optional(let x): return type(x) + "?"
    default: return t.description
    }
  }

  /// A condition in canonical form: `all`/`any` of one item is that item; nested `all` (`any`) flatten.
  package static func condition(_ c: Condition) -> String { normalized(c).description }

  static func normalized(_ c: Condition) -> Condition {
    switch c {
    case .expr: return c
    case .not(let x): return .not(normalized(x))
    case .all(let xs):
      let ys = xs.map(normalized).flatMap { (y: Condition) -> [Condition] in if case .all(let zs) = y { return zs }; return [y] }
      return ys.count == 1 ? ys[0] : .all(ys)
    case .any(let xs):
      let ys = xs.map(normalized).flatMap { (y: Condition) -> [Condition] in if case .any(let zs) = y { return zs }; return [y] }
      return ys.count == 1 ? ys[0] : .any(ys)
    }
  }
}
