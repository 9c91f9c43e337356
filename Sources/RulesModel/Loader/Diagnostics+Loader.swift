import RulesExpr
import RulesSource
import RulesYAML

/// The keys of a neighbouring level of the rule language, for "this key belongs one level up/down".
package struct KeyLevel: Sendable {
  package let keys: [String]
  /// Where such a key belongs, said from the key's point of view ("one level down, in an exclusion").
  package let place: String
  package let help: String

  package init(_ keys: [String], _ place: String, help: String) {
    self.keys = keys
    self.place = place
    self.help = help
  }
}

/// Reading typed values out of YAML nodes, reporting what is wrong at the node.
/// Shared by the rule-set loader and the facts and test-file readers.
package struct NodeReader {
  package var diagnostics = DiagnosticSet()

  package init() {}

  package mutating func error(_ code: DiagnosticCode, _ message: String, at node: YAMLNode, help: String? = nil,
                             notes: [Diagnostic] = []) {
    diagnostics.insert(.error(code, message, at: node.range, help: help, notes: notes))
  }

  /// The mapping's entries, after checking each key is one of `allowed`; reports the rest with a did-you-mean.
  /// `nearby` lists the keys of the levels just above and below (with where they belong, e.g. "one level
  /// down, in an exclusion under `unless:`"), so a key written at the wrong indentation is named as such.
  package mutating func fields(_ node: YAMLNode, _ what: String, allowed: [String], required: [String] = [],
                              nearby: [KeyLevel] = [])
    -> [String: YAMLNode]?
  {
    guard let pairs = node.mapping else {
      error(.expectedMapping, "\(what) must be a mapping of keys, not \(node.kindName)", at: node,
            help: "write the keys on their own lines: \(allowed.prefix(4).map { "`\($0):`" }.joined(separator: ", "))")
      return nil
    }
    var out: [String: YAMLNode] = [:]
    for p in pairs {
      if allowed.contains(p.name) {
        out[p.name] = p.value
      } else {
        unknownKey(p.key, in: what, allowed: allowed, nearby: nearby)
      }
    }
    for r in required where out[r] == nil {
      error(.missingKey, "\(what) needs `\(r):`", at: node)
    }
    return out
  }

  package mutating func unknownKey(_ key: YAMLNode, in what: String, allowed: [String], nearby: [KeyLevel] = []) {
    let name = key.scalar?.value ?? ""
    if name == "<<" {
      error(.unknownKey, "merge keys (`<<`) are not supported", at: key,
            help: "write the keys out in full (an alias `*name` can still repeat a whole value)")
      return
    }
    if let level = nearby.first(where: { $0.keys.contains(name) }) {
      error(.unknownKey, "`\(name)` is not a key of \(what); it belongs \(level.place)", at: key,
            help: level.help)
      return
    }
    error(.unknownKey, "unknown key `\(name)` in \(what)", at: key,
          help: Suggestions.didYouMean(name, in: allowed)
            ?? "allowed keys: \(allowed.map { "`\($0)`" }.joined(separator: ", "))")
  }

  /// Plain text; a list or mapping is an error.
  package mutating func string(_ node: YAMLNode, _ what: String) -> String? {
    guard let s = node.scalar, !s.isNull || s.isQuoted else {
      error(.expectedText, "\(what) must be text, not \(node.kindName)", at: node)
      return nil
    }
    return s.value
  }

  /// An identifier-like name: letters, digits, `_`, `-`, `.`.
  package mutating func name(_ node: YAMLNode, _ what: String) -> String? {
    guard let s = string(node, what) else { return nil }
    let ok = !s.isEmpty && s.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "."
    }
    if !ok {
      error(.badName, "\(what) `\(s)` must use only ASCII letters, digits, `_`, `-` and `.`", at: node)
      return nil
    }
    return s
  }

  package mutating func bool(_ node: YAMLNode, _ what: String) -> Bool? {
    if let s = node.scalar, s.style == .plain {
      if s.value == "true" { return true }
      if s.value == "false" { return false }
    }
    let v = node.scalar?.value.lowercased() ?? ""
    let help = ["yes", "on", "y", "1"].contains(v) ? "write `true`"
      : ["no", "off", "n", "0"].contains(v) ? "write `false`" : "write `true` or `false`"
    error(.expectedBool, "\(what) must be `true` or `false`, not \(node.kindName)", at: node, help: help)
    return nil
  }

  package mutating func date(_ node: YAMLNode, _ what: String) -> CalendarDate? {
    guard let s = node.scalar, !s.isNull else {
      error(.expectedDate, "\(what) must be a date (YYYY-MM-DD), not \(node.kindName)", at: node)
      return nil
    }
    do {
      return try CalendarDate.parse(Substring(s.value))
    } catch {
      self.error(.badDate, error.message, at: node, help: error.help)
      return nil
    }
  }

  /// `text` or `{ja: …, en: …}`.
  package mutating func text(_ node: YAMLNode, _ what: String) -> LocalizedText? {
    if let s = node.scalar { return LocalizedText(ja: s.value, en: s.value) }
    // `{ja: a, b, en: c}`: the comma ended the text and `b` became a key (with no value, or with the
    // rest of the text as its value when that held `: `), on the line of the text before it.
    if let pairs = node.mapping {
      for (i, p) in pairs.enumerated() where i > 0 && !["ja", "en"].contains(p.name) {
        let before = pairs[i - 1]
        guard let text = before.value.scalar, !text.isQuoted, p.key.range.start.line == before.value.range.end.line else { continue }
        let rest = p.value.scalar.map { $0.isNull ? "" : ": " + $0.value } ?? ""
        error(.unknownKey, "`\(p.name)` is read as a key of \(what): a comma inside `{…}` ends the text before it",
              at: p.key, help: "quote the text that contains the comma: `\(before.name): \"\(text.value), \(p.name)\(rest)\"`")
        return nil
      }
    }
    guard let f = fields(node, what, allowed: RuleFileKeys.text.keys) else { return nil }
    let ja = f["ja"].flatMap { string($0, "`ja`") }
    let en = f["en"].flatMap { string($0, "`en`") }
    if ja == nil && en == nil { error(.missingKey, "\(what) needs `ja:` or `en:`", at: node) }
    return LocalizedText(ja: ja, en: en)
  }

  /// `clause` or `{clause:, quote:, document:, url:}`.
  package mutating func citation(_ node: YAMLNode) -> Citation? {
    if let s = node.scalar, !s.isNull { return Citation(clause: s.value) }
    // A rule's or exclusion's own key indented under `source:` is named as such.
    let up = KeyLevel(["id", "when", "unless", "deadline", "outcome", "obligations", "notes", "reason", "title", "allow"],
                      "one level up, beside `source:`", help: "indent it less, level with `source:`")
    guard let f = fields(node, "`source`", allowed: RuleFileKeys.citation.keys, required: RuleFileKeys.citation.required, nearby: [up]),
      let clause = f["clause"].flatMap({ string($0, "`clause`") })
    else { return nil }
    return Citation(clause: clause, quote: f["quote"].flatMap { string($0, "`quote`") },
                    document: f["document"].flatMap { string($0, "`document`") },
                    url: f["url"].flatMap { string($0, "`url`") })
  }

  /// A list of names (a single name is accepted as a list of one).
  package mutating func names(_ node: YAMLNode, _ what: String) -> [Located<String>] {
    let items = node.sequence ?? [node]
    return items.compactMap { n in name(n, what).map { Located($0, at: n.range) } }
  }

  /// A value of `type` from a scalar or list, resolved by where it stands (`no` is text for a string).
  package mutating func value(_ node: YAMLNode, as type: ExprType, _ what: String) -> Value? {
    if case .optional(let inner) = type {
      if let s = node.scalar, s.isNull { return Value.none }
      return value(node, as: inner, what)
    }
    switch type {
    case .bool: return bool(node, what).map(Value.bool)
    case .date: return date(node, what).map(Value.date)
    case .string: return string(node, what).map(Value.string)
    case .enumeration(_, let values):
      guard let s = string(node, what) else { return nil }
      guard values.contains(s) else {
        error(.unknownValue, "`\(s)` is not one of the values of \(what)", at: node,
              help: Suggestions.didYouMean(s, in: values) ?? "write one of: \(values.joined(separator: ", "))")
        return nil
      }
      return .string(s)
    case .number:
      guard let s = node.scalar, s.style == .plain, let n = NumberText.parse(s.value) else {
        error(.expectedNumber, "\(what) must be a number, not \(node.kindName)", at: node,
              help: node.scalar.map { NumberText.help($0.value) } ?? nil)
        return nil
      }
      return .number(n)
    case .duration:
      guard let s = string(node, what) else { return nil }
      guard let e = try? ExprParser.parse(s), case .literal(.duration(let d)) = e.kind else {
        error(.expectedDuration, "\(what) must be a duration such as `1 year` or `P6M`", at: node)
        return nil
      }
      return .duration(d)
    case .list(let item):
      guard let items = node.sequence else {
        error(.expectedList, "\(what) must be a list, not \(node.kindName)", at: node)
        return nil
      }
      let vs = items.compactMap { value($0, as: item, what) }
      return vs.count == items.count ? .list(vs) : nil
    default:
      error(.typeMismatch, "\(what) cannot be written here", at: node)
      return nil
    }
  }
}

/// Numbers as written in YAML: integers and decimals, no YAML 1.1 octal or sexagesimal surprises.
package enum NumberText {
  package static func parse(_ s: String) -> Double? {
    let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
    guard !body.isEmpty, body.first != ".", body.last != ".",
      body.allSatisfy({ ("0"..."9").contains($0) || $0 == "." || $0 == "_" }),
      body.filter({ $0 == "." }).count <= 1
    else { return nil }
    let digits = body.filter { $0 != "_" && $0 != "." }.drop(while: { $0 == "0" })
    if digits.count > 15 { return nil }
    return Double(String(s.filter { $0 != "_" }))
  }

  package static func help(_ s: String) -> String? {
    let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
    if !body.isEmpty, body.allSatisfy({ ("0"..."9").contains($0) || $0 == "." }) {
      return "numbers are limited to 15 significant digits"
    }
    return nil
  }
}
