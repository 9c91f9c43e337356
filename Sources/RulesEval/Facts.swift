import RulesExpr
import RulesModel
import RulesSource
import RulesYAML

/// A case's facts, bound to one rule set's declarations. A fact that is absent is unknown;
/// one given as `null` is known to be none.
package struct Facts: Sendable {
  /// Per declared fact: nil when absent, else its value (`.none` for `null`).
  package let values: [Value?]
  /// The facts as read, in file order (name, value), for the output's `facts`.
  package let given: [(name: String, value: Value)]
  package let path: String
  /// Indices of the facts the file lists under `unknown:` (asked, and the person could not say):
  /// they stay unknown, but are never asked again.
  package let unknown: [Int]

  package init(values: [Value?], given: [(name: String, value: Value)], path: String, unknown: [Int] = []) {
    self.values = values
    self.given = given
    self.path = path
    self.unknown = unknown
  }
}

/// A parsed facts file, before it is bound to a rule set (the rule set version depends on `as_of`).
package struct FactsDocument: Sendable {
  package let path: String
  package let document: YAMLDocument
  /// The file's `as_of`, if it has one.
  package let asOf: CalendarDate?
  /// Flattened entries: dotted name, value node, key node.
  let entries: [(name: String, value: YAMLNode, key: YAMLNode)]
  /// The top-level `unknown:` list: facts the person was asked and cannot answer.
  let unknownEntries: [(name: String, node: YAMLNode)]

  /// Reads a YAML or JSON facts file.
  package static func parse(_ bytes: [UInt8], path: String, limits: YAMLLimits = .init()) throws(DiagnosticError)
    -> FactsDocument
  {
    let doc = try YAMLParser.parse(bytes, path: path, limits: limits)
    return try from(doc, path: path)
  }

  /// Builds from an already parsed node (a test case's `facts:`), with an optional `as_of`.
  package static func from(_ doc: YAMLDocument, path: String, root: YAMLNode? = nil, asOf: CalendarDate? = nil)
    throws(DiagnosticError) -> FactsDocument
  {
    var reader = NodeReader()
    guard let root = root ?? doc.root else {
      throw DiagnosticError(.error(.emptyFile, "`\(path)` is empty", at: .file(path),
                                   help: "a facts file is a mapping, e.g. `as_of: 2021-08-01` and the facts"))
    }
    if root.mapping == nil, !(root.scalar?.isNull ?? false) {
      throw DiagnosticError(.error(.expectedMapping, "facts must be a mapping of names to values, not \(root.kindName)",
                                   at: root.range))
    }
    var entries: [(String, YAMLNode, YAMLNode)] = []
    var unknown: [(String, YAMLNode)] = []
    var date = asOf
    var seen: [String: YAMLNode] = [:]
    func walk(_ node: YAMLNode, prefix: String) {
      for p in node.mapping ?? [] {
        if p.name == "<<" {
          reader.unknownKey(p.key, in: "facts", allowed: [])
          continue
        }
        let name = prefix.isEmpty ? p.name : prefix + "." + p.name
        if prefix.isEmpty && name == "as_of" {
          date = date ?? reader.date(p.value, "`as_of`")
          continue
        }
        if prefix.isEmpty && name == "unknown" {
          guard let items = p.value.sequence else {
            reader.error(.expectedList, "`unknown` must be a list of fact names, not \(p.value.kindName)", at: p.value,
                         help: "for example `unknown: [contract.ends_on]`")
            continue
          }
          for item in items { if let n = reader.string(item, "a fact name in `unknown`") { unknown.append((n, item)) } }
          continue
        }
        if p.value.mapping != nil {
          walk(p.value, prefix: name)
          continue
        }
        if let prior = seen[name] {
          reader.error(.duplicateKey, "fact `\(name)` is given twice", at: p.key,
                       notes: [.note("first given here", at: prior.range)])
          continue
        }
        seen[name] = p.key
        entries.append((name, p.value, p.key))
      }
    }
    walk(root, prefix: "")
    if let e = DiagnosticError(reader.diagnostics.sorted) { throw e }
    return FactsDocument(path: path, document: doc, asOf: date, entries: entries, unknownEntries: unknown)
  }

  /// The dotted names the file gives, in file order.
  package var names: [String] { entries.map(\.name) }

  /// The names the file lists under `unknown:`, in file order.
  package var unknownNames: [String] { unknownEntries.map(\.name) }

  /// Types every value by its declaration in `ruleSet`; an undeclared fact, a wrong type, or
  /// `null` for a required fact is an error at its place, with a did-you-mean.
  /// `ignoringUndeclared` leaves out facts the rule set does not declare (for comparing versions
  /// that declare different facts).
  package func bind(to ruleSet: RuleSet, ignoringUndeclared: Bool = false) throws(DiagnosticError) -> Facts {
    var reader = NodeReader()
    var values = [Value?](repeating: nil, count: ruleSet.facts.count)
    var given: [(String, Value)] = []
    for (name, node, key) in entries {
      guard let i = ruleSet.factIndex[name] else {
        if ignoringUndeclared { continue }
        reader.error(.unknownFact, "unknown fact `\(name)`", at: key,
                     help: reader.diagnostics.isFull ? nil : Suggestions.didYouMean(name, in: ruleSet.facts.map(\.name))
                       ?? "rule set `\(ruleSet.header.id.value)` declares no such fact")
        continue
      }
      let decl = ruleSet.facts[i]
      if let s = node.scalar, s.isNull {
        guard decl.optional else {
          reader.error(.nullNotAllowed, "fact `\(name)` cannot be `null`", at: node,
                       help: "give a \(decl.type) value, or leave the fact out if it is not known")
          continue
        }
        values[i] = Value.none
        given.append((name, .none))
        continue
      }
      guard let v = reader.value(node, as: decl.type, "fact `\(name)`") else { continue }
      values[i] = v
      given.append((name, v))
    }
    var unknown: [Int] = []
    for (name, node) in unknownEntries {
      guard let i = ruleSet.factIndex[name] else {
        if ignoringUndeclared { continue }
        reader.error(.unknownFact, "unknown fact `\(name)` in `unknown:`", at: node,
                     help: Suggestions.didYouMean(name, in: ruleSet.facts.map(\.name))
                       ?? "rule set `\(ruleSet.header.id.value)` declares no such fact")
        continue
      }
      if values[i] != nil {
        reader.error(.unknownAndGiven, "fact `\(name)` is given a value and also listed under `unknown:`", at: node,
                     help: "keep the value and remove `\(name)` from `unknown:`, or the other way round")
        continue
      }
      if !unknown.contains(i) { unknown.append(i) }
    }
    if let e = DiagnosticError(reader.diagnostics.sorted) { throw e }
    return Facts(values: values, given: given, path: path, unknown: unknown)
  }
}
