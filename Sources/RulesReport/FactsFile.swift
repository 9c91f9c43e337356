import RulesExpr
import RulesModel

/// Writes a facts file (what `ask` saves): `as_of`, the facts grouped by their first name part in the
/// order given, and the `unknown:` list. Strings are double-quoted, so the file reads back as written.
package enum FactsFile {
  package static func render(asOf: CalendarDate?, facts: [(name: String, value: Value)], unknown: [String],
                            comment: String? = nil) -> String {
    var out = comment.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined() } ?? ""
    if let asOf { out += "as_of: \(asOf)\n" }
    var groups: [(String, [(String, Value)])] = []
    for (name, value) in facts {
      guard let dot = name.firstIndex(of: ".") else {
        groups.append((name, [("", value)]))
        continue
      }
      let head = String(name[..<dot]), rest = String(name[name.index(after: dot)...])
      if let i = groups.firstIndex(where: { $0.0 == head && !$0.1.contains { $0.0.isEmpty } }) {
        groups[i].1.append((rest, value))
      } else {
        groups.append((head, [(rest, value)]))
      }
    }
    for (head, items) in groups {
      if items.count == 1, items[0].0.isEmpty {
        out += "\(head): \(scalar(items[0].1))\n"
        continue
      }
      out += "\(head):\n"
      for (rest, value) in items { out += "  \(rest): \(scalar(value))\n" }
    }
    if !unknown.isEmpty { out += "unknown: [" + unknown.joined(separator: ", ") + "]\n" }
    return out
  }

  /// A value as YAML that the facts reader types back to the same value.
  package static func scalar(_ v: Value) -> String {
    switch v {
    case .bool, .number, .date: return v.description
    case .none: return "null"
    case .list(let xs): return "[" + xs.map(scalar).joined(separator: ", ") + "]"
    default:
      let text: JSON = .string(v.description)
      return text.render(pretty: false)
    }
  }
}
