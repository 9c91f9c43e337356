import RulesExpr
import RulesModel

/// The JSON Schema of one rule set's facts files (`ismap-rules schema facts`): each declared fact,
/// nested by its dotted name as facts files are written, with its label as hover title. It accepts
/// and rejects what `eval` does when it binds a facts file: undeclared facts, values of the wrong
/// type or outside an enum, and `null` for a fact that is not optional.
package enum FactsSchema {
  typealias B = SchemaBuilder

  /// Words for each fact's enum values, by fact name, then by value.
  package typealias ValueLabels = [String: [String: LocalizedText]]

  /// The schema document for `set`'s facts files; `valueLabels` become the values' hover text.
  package static func make(_ set: RuleSet, valueLabels: ValueLabels = [:]) -> JSON {
    let h = set.header
    let title = h.title.map { "\($0.both) — facts / 事実 (\(h.id.value))" } ?? "Facts for \(h.id.value) / 事実"
    let description = """
      A facts file for rule set `\(h.id.value)` (series `\(h.series)`, in effect from \(h.effectiveFrom)\
      \(h.effectiveUntil.map { " until \($0)" } ?? "")). A fact left out is unknown; `null` (optional facts only) \
      means known to be none. Dotted keys (`contract.signed_on: …`) work as well as nested ones.
      """
    let asOf = B.documented(date(nullable: false), title: "as_of — 評価基準日",
                            description: "The evaluation date, unless `--as-of` is given.")
    let unknown = B.documented(
      .object([("type", .string("array")),
               // A rule set without facts: an empty list only (`enum` must not be empty).
               set.facts.isEmpty ? ("maxItems", .number(0)) : ("items", .object([("enum", B.strings(set.facts.map(\.name)))]))]),
      title: "unknown — 不明", description: "Facts the person was asked and cannot answer: they stay unknown.")
    var top = group(prefix: "", set.facts, valueLabels)
    top.insert(("as_of", asOf), at: 0)
    top.insert(("unknown", unknown), at: 1)
    return .object([
      ("$schema", .string(B.dialect)),
      ("title", .string(title)),
      ("description", .string(description)),
      ("type", .array([.string("object"), .string("null")])),
      ("properties", .object(top)),
      ("additionalProperties", .bool(false)),
    ])
  }

  /// The properties of the group `prefix` (`""` for the top): each next name part, a nested group
  /// or a fact, and also every dotted remainder (flat keys), which editors do not offer as completions.
  static func group(prefix: String, _ facts: [FactDecl], _ labels: ValueLabels) -> [(String, JSON)] {
    var out: [(String, JSON)] = []
    var seen: Set<String> = []
    let inside = facts.filter { prefix.isEmpty || $0.name.hasPrefix(prefix + ".") }
    for f in inside {
      let rest = prefix.isEmpty ? f.name : String(f.name.dropFirst(prefix.count + 1))
      let parts = rest.split(separator: ".").map(String.init)
      for k in 1...parts.count {
        let key = parts[..<k].joined(separator: ".")
        guard seen.insert(key).inserted else { continue }
        let full = prefix.isEmpty ? key : prefix + "." + key
        var schema = k == parts.count ? fact(f, labels[f.name] ?? [:]) : object(full, facts, labels)
        if k > 1 { schema = B.adding(schema, [("doNotSuggest", .bool(true))]) }
        out.append((key, schema))
      }
    }
    // Nested names first, so completion lists groups and facts in declaration order.
    return out.filter { !$0.0.contains(".") } + out.filter { $0.0.contains(".") }
  }

  static func object(_ prefix: String, _ facts: [FactDecl], _ labels: ValueLabels) -> JSON {
    .object([
      ("title", .string(prefix)),
      ("type", .string("object")),
      ("properties", .object(group(prefix: prefix, facts, labels))),
      ("additionalProperties", .bool(false)),
    ])
  }

  /// One fact: its type, `null` only when optional, its label and description as hover text.
  static func fact(_ f: FactDecl, _ labels: [String: LocalizedText]) -> JSON {
    var lines: [String] = []
    if let d = f.description {
      // Japanese first, then English, each on its own paragraph (hover text).
      lines += [d.ja, d.en == d.ja ? nil : d.en].compactMap { $0 }
    }
    var kind = "type / 型: \(typeText(f.type, labels))"
    if f.optional { kind += "; optional: `null` means known to be none / null は「なし」" }
    if f.informational { kind += "; informational / 参考情報" }
    lines.append(kind)
    return B.documented(value(f.type, nullable: f.optional, labels), title: f.label?.both ?? f.name,
                        description: lines.joined(separator: "\n\n"))
  }

  static func typeText(_ t: ExprType, _ labels: [String: LocalizedText]) -> String {
    switch t {
    case .enumeration(_, let values):
      return "enum (\(values.map { v in labels[v].map { "\(v) = \($0.both)" } ?? v }.joined(separator: ", ")))"
    case .list(let item): return "list of \(typeText(item, labels))"
    default: return t.description
    }
  }

  /// The schema of a value of `type` in a facts file, as `NodeReader.value` reads it.
  static func value(_ type: ExprType, nullable: Bool, _ labels: [String: LocalizedText] = [:]) -> JSON {
    func types(_ ts: [String]) -> JSON {
      .object([("type", ts.count == 1 && !nullable ? .string(ts[0]) : .array((ts + (nullable ? ["null"] : [])).map(JSON.string)))])
    }
    switch type.unwrapped {
    case .bool: return types(["boolean"])
    case .number: return types(["number"])
    case .date: return date(nullable: nullable)
    // The loader takes any scalar as text (`no`, `2021`), so a validator must too.
    case .string: return types(["string", "number", "boolean"])
    case .duration:
      return B.adding(types(["string"]), [("description", .string("A duration such as `1 year` or `P6M`."))])
    case .enumeration(_, let values):
      var kv: [(String, JSON)] = [("enum", .array(values.map(JSON.string) + (nullable ? [.null] : [])))]
      // `enumDescriptions` (an editor keyword, ignored by validators) shows each value's words in completion.
      if !labels.isEmpty {
        let words = values.map { labels[$0]?.both ?? "" } + (nullable ? ["null: known to be none / なし"] : [])
        kv.append(("enumDescriptions", B.strings(words)))
      }
      return .object(kv)
    case .list(let item):
      return B.adding(types(["array"]), [("items", value(item, nullable: false, labels))])
    default:
      return .object([])
    }
  }

  static func date(nullable: Bool) -> JSON {
    .object([
      ("type", nullable ? .array([.string("string"), .string("null")]) : .string("string")),
      ("format", .string("date")),
      ("pattern", .string(B.datePattern)),
    ])
  }
}
