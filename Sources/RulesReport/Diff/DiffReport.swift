import RulesEval
import RulesExpr
import RulesModel

/// Everything `ismap-rules diff` reports: the rule changes, and optionally the cases they decide
/// differently (`--cases`) and the fact sets found by exploring (`--explore`).
package struct DiffReport: Sendable {
  package let diff: RuleSetDiff
  package let cases: CaseImpact?
  package let explore: Explorer.Report?

  package init(diff: RuleSetDiff, cases: CaseImpact? = nil, explore: Explorer.Report? = nil) {
    self.diff = diff
    self.cases = cases
    self.explore = explore
  }

  /// True when the versions differ in meaning or decide some case differently.
  package var differs: Bool {
    !diff.isEmpty || (cases?.changed ?? 0) > 0 || !(explore?.findings.isEmpty ?? true)
  }

  /// Values longer than this go on their own `-`/`+` lines in text output.
  static let inlineWidth = 60

  // MARK: Text

  package func text() -> String {
    var out = "old: \(diff.old.id)  (\(diff.old.location))\nnew: \(diff.new.id)  (\(diff.new.location))\n"
    for s in diff.sections {
      out += "\n\(s.name)\n"
      for f in s.fields { out += Self.textField(f, indent: "  ", kind: .changed) }
      for i in s.items { out += Self.textItem(i, indent: "  ") }
    }
    out += "\n" + diff.summary + "\n"
    if let c = cases { out += "\n" + Self.textCases(c) }
    if let e = explore { out += "\n" + Self.textExplore(e) }
    return out
  }

  static func sign(_ k: RuleSetDiff.Kind) -> String {
    switch k {
    case .added: return "+"
    case .removed: return "-"
    case .changed, .renamed: return "~"
    }
  }

  static func label(_ i: RuleSetDiff.Item) -> String { i.name.isEmpty ? i.what : "\(i.what) \(i.name)" }

  static func textItem(_ i: RuleSetDiff.Item, indent: String) -> String {
    var out: String
    if i.kind == .renamed {
      // A pure rename says so; a renamed and changed item lists its changes under the rename.
      out = "\(indent)~ \(i.what) \(i.oldName ?? "") renamed to \(i.name)"
      if i.fields.isEmpty && i.children.isEmpty { return out + "  (same content)\n" }
      out += "\n"
    } else if i.children.isEmpty, i.fields.count == 1, i.kind != .changed, let v = i.fields[0].old ?? i.fields[0].new,
      v.count <= inlineWidth
    {
      return "\(indent)\(sign(i.kind)) \(label(i))  \(i.fields[0].name): \(v)\n"
    } else {
      out = "\(indent)\(sign(i.kind)) \(label(i))\n"
    }
    for f in i.fields { out += textField(f, indent: indent + "    ", kind: i.kind == .renamed ? .changed : i.kind) }
    for c in i.children { out += textItem(c, indent: indent + "    ") }
    return out
  }

  static func textField(_ f: RuleSetDiff.Field, indent: String, kind: RuleSetDiff.Kind) -> String {
    if let note = f.note { return "\(indent)\(f.name): \(note)\n" }
    switch (f.old, f.new) {
    case (let o?, let n?):
      if o.count + n.count <= inlineWidth { return "\(indent)\(f.name): \(o) → \(n)\n" }
      return "\(indent)\(f.name):\n\(indent)  - \(o)\n\(indent)  + \(n)\n"
    case (let o?, nil): return kind == .removed ? "\(indent)\(f.name): \(o)\n" : "\(indent)\(f.name): \(o) → (none)\n"
    case (nil, let n?): return kind == .added ? "\(indent)\(f.name): \(n)\n" : "\(indent)\(f.name): (none) → \(n)\n"
    default: return ""
    }
  }

  static func describe(_ c: EvaluationDelta.Change) -> String {
    c.field == "obligations" ? "obligations \(c.old) → \(c.new)" : "\(c.decision).\(c.field) \(c.old) → \(c.new)"
  }

  static func caseLabel(_ c: CaseImpact.Case) -> String {
    var s = c.name
    if let d = c.asOf { s += " (as of \(d))" }
    return s
  }

  static func textCases(_ c: CaseImpact) -> String {
    var out = "cases: \(c.changed) of \(c.total) decided differently"
    if !c.failed.isEmpty { out += ", \(c.failed.count) not evaluated" }
    if !c.early.isEmpty { out += ", \(c.early.count) dated before the new version takes effect" }
    out += "\n"
    for g in c.groups {
      out += "\n  \(g.kind)  — \(g.cases.count) case\(g.cases.count == 1 ? "" : "s")\n"
      for k in g.cases {
        out += "    \(caseLabel(k))" + (k.origin == k.name ? "" : "  [\(k.origin)]") + "\n"
        for ch in k.delta.changes { out += "      \(describe(ch))\n" }
      }
    }
    if !c.early.isEmpty, let from = c.effectiveFrom {
      out += "\n  dated before \(from), when the new version takes effect (the old one decides them)"
      out += "  — \(c.early.count) case\(c.early.count == 1 ? "" : "s") the new rules would decide differently\n"
      for k in c.early {
        out += "    \(caseLabel(k))" + (k.origin == k.name ? "" : "  [\(k.origin)]") + "\n"
        for ch in k.delta.changes { out += "      \(describe(ch))\n" }
      }
    }
    if !c.failed.isEmpty {
      out += "\n  not evaluated\n"
      for k in c.failed { out += "    \(caseLabel(k))" + (k.origin == k.name ? "" : "  [\(k.origin)]") + ": \(k.error ?? "")\n" }
    }
    return out
  }

  static func textExplore(_ e: Explorer.Report) -> String {
    var out = "explore: \(e.factSets) fact sets from the conditions' boundary values (\(e.evaluations) evaluations per version), "
    out += "\(e.differing) decided differently"
    out += e.findings.isEmpty ? "\n" : ", \(e.findings.count + e.moreKinds) kind\(e.findings.count + e.moreKinds == 1 ? "" : "s") of difference\n"
    for (n, f) in e.findings.enumerated() {
      out += "\n  \(n + 1). \(f.kind)  — \(f.count) fact set\(f.count == 1 ? "" : "s")\n"
      for ch in f.delta.changes { out += "       \(describe(ch))\n" }
      out += "     example (a facts file; facts left out are unknown):\n"
      out += "       as_of: \(f.example.asOf)\n"
      for (k, v) in exampleFacts(f.example) { out += "       \(k): \(v)\n" }
    }
    if e.moreKinds > 0 { out += "\n  … and \(e.moreKinds) more kind\(e.moreKinds == 1 ? "" : "s") of difference\n" }
    return out
  }

  static func exampleFacts(_ a: Explorer.Assignment) -> [(String, String)] {
    a.facts.keys.sorted().map { k in
      let v = a.facts[k]!
      if case .none = v { return (k, "null") }
      return (k, Render.value(v))
    }
  }

  // MARK: JSON

  package func json() -> JSON {
    var top: [(String, JSON)] = [
      ("old", .object([("id", .string(diff.old.id)), ("location", .string(diff.old.location))])),
      ("new", .object([("id", .string(diff.new.id)), ("location", .string(diff.new.location))])),
      ("equal", .bool(!differs)),
    ]
    let n = diff.counts
    top.append(("summary", .object([("added", .number(Double(n.added))), ("removed", .number(Double(n.removed))),
                                    ("changed", .number(Double(n.changed))), ("renamed", .number(Double(n.renamed)))])))
    top.append(("changes", .array(diff.sections.map { s in
      .object([("section", .string(s.name)), ("fields", .array(s.fields.map { Self.jsonField($0, in: s.name) })),
               ("items", .array(s.items.map { Self.jsonItem($0, in: "") }))])
    })))
    if let c = cases {
      func one(_ k: CaseImpact.Case) -> JSON {
        var o: [(String, JSON)] = [("name", .string(k.name)), ("file", .string(k.origin)), ("as_of", .string(k.asOf?.description))]
        if let e = k.error { o.append(("error", .string(e))) } else { o.append(("changes", .array(k.delta.changes.map(Self.jsonChange)))) }
        return .object(o)
      }
      top.append(("cases", .object([
        ("total", .number(Double(c.total))), ("changed", .number(Double(c.changed))),
        ("groups", .array(c.groups.map { g in
          .object([("kind", .string(g.kind)), ("count", .number(Double(g.cases.count))), ("cases", .array(g.cases.map(one)))])
        })),
        ("not_evaluated", .array(c.failed.map(one))),
        ("effective_from", .string(c.effectiveFrom?.description)),
        ("before_effective", .array(c.early.map(one))),
      ])))
    }
    if let e = explore {
      top.append(("explore", .object([
        ("as_of", .string(e.asOf.description)), ("fact_sets", .number(Double(e.factSets))),
        ("evaluations", .number(Double(e.evaluations))), ("differing", .number(Double(e.differing))),
        ("more_kinds", .number(Double(e.moreKinds))),
        ("findings", .array(e.findings.map { f in
          .object([
            ("kind", .string(f.kind)), ("count", .number(Double(f.count))),
            ("changes", .array(f.delta.changes.map(Self.jsonChange))),
            ("example", .object([("as_of", .string(f.example.asOf.description))] + f.example.facts.keys.sorted().map { k in
              (k, Self.jsonValue(f.example.facts[k]!))
            })),
          ])
        })),
      ])))
    }
    return .object(top)
  }

  static func jsonValue(_ v: Value) -> JSON {
    switch v {
    case .bool(let b): return .bool(b)
    case .number(let n): return .number(n)
    case .none: return .null
    case .list(let xs): return .array(xs.map(jsonValue))
    case .string(let s): return .string(s)
    default: return .string(v.description)
    }
  }

  static func jsonChange(_ c: EvaluationDelta.Change) -> JSON {
    .object([("decision", .string(c.decision)), ("field", .string(c.field)), ("old", .string(c.old)), ("new", .string(c.new))])
  }

  /// Where a field is in the rule set, e.g. `decisions[grant].rules[eligible].when.all[1]`.
  static func jsonField(_ f: RuleSetDiff.Field, in path: String) -> JSON {
    var o: [(String, JSON)] = [("field", .string(f.name)), ("path", .string(path + "." + f.name)),
                               ("old", .string(f.old)), ("new", .string(f.new))]
    if let n = f.note { o.append(("note", .string(n))) }
    return .object(o)
  }

  /// The key an item kind lives under in a rule set.
  static let collection = [
    "fact": "facts", "constant": "constants", "definition": "definitions", "table": "tables", "row": "rows",
    "obligation": "obligations", "decision": "decisions", "rule": "rules", "rule order": "rules",
    "exclusion": "unless", "otherwise": "otherwise",
  ]

  static func jsonItem(_ i: RuleSetDiff.Item, in parent: String) -> JSON {
    let key = collection[i.what] ?? i.what
    let path = (parent.isEmpty ? "" : parent + ".") + key + (i.name.isEmpty ? "" : "[\(i.name)]")
    var o: [(String, JSON)] = [("kind", .string(i.kind.rawValue)), ("what", .string(i.what)), ("name", .string(i.name))]
    if let n = i.oldName { o.append(("old_name", .string(n))) }
    o.append(("path", .string(path)))
    o.append(("fields", .array(i.fields.map { jsonField($0, in: path) })))
    if !i.children.isEmpty { o.append(("items", .array(i.children.map { jsonItem($0, in: path) }))) }
    return .object(o)
  }

  // MARK: Markdown

  /// Code span that survives backticks in the text.
  static func code(_ s: String) -> String {
    s.contains("`") ? "`` " + s + " ``" : "`" + s + "`"
  }

  package func markdown() -> String {
    var out = "### Rule changes: \(Self.code(diff.old.id)) → \(Self.code(diff.new.id))\n\n"
    out += "Old: \(Self.code(diff.old.location)) · New: \(Self.code(diff.new.location)) · **\(diff.summary)**\n"
    for s in diff.sections {
      out += "\n#### \(s.name)\n\n"
      for f in s.fields { out += Self.mdField(f, indent: "", kind: .changed) }
      for i in s.items { out += Self.mdItem(i, indent: "") }
    }
    if let c = cases {
      out += "\n#### Cases decided differently: \(c.changed) of \(c.total)"
      if !c.failed.isEmpty { out += " (\(c.failed.count) not evaluated)" }
      out += "\n\n"
      if !c.early.isEmpty, let from = c.effectiveFrom {
        out += "Dated before \(from), when the new version takes effect (the old one decides them), "
        out += "\(c.early.count) case\(c.early.count == 1 ? "" : "s") the new rules would decide differently:\n\n"
        for k in c.early { out += "- \(Self.caseLabel(k))" + (k.origin == k.name ? "" : " — \(Self.code(k.origin))") + "\n" }
        out += "\n"
      }
      if !c.groups.isEmpty {
        out += "| change | cases |\n|---|---:|\n"
        for g in c.groups { out += "| \(Self.cell(g.kind)) | \(g.cases.count) |\n" }
        for g in c.groups {
          out += "\n<details><summary>\(Self.html(g.kind)) — \(g.cases.count)</summary>\n\n"
          for k in g.cases {
            out += "- \(Self.caseLabel(k))" + (k.origin == k.name ? "" : " — \(Self.code(k.origin))") + "\n"
            for ch in k.delta.changes { out += "  - \(Self.mdChange(ch))\n" }
          }
          out += "\n</details>\n"
        }
      }
      if !c.failed.isEmpty {
        out += "\nNot evaluated:\n\n"
        for k in c.failed { out += "- \(Self.caseLabel(k)) — \(Self.code(k.origin)): \(k.error ?? "")\n" }
      }
    }
    if let e = explore {
      out += "\n#### Explored fact sets: \(e.differing) of \(e.factSets) decided differently\n\n"
      for (n, f) in e.findings.enumerated() {
        out += "\(n + 1). **\(Self.escape(f.kind))** — \(f.count) fact set\(f.count == 1 ? "" : "s")\n"
        for ch in f.delta.changes { out += "   - \(Self.mdChange(ch))\n" }
        out += "\n   ```yaml\n   as_of: \(f.example.asOf)\n"
        for (k, v) in Self.exampleFacts(f.example) { out += "   \(k): \(v)\n" }
        out += "   ```\n\n"
      }
      if e.moreKinds > 0 { out += "… and \(e.moreKinds) more kinds of difference.\n" }
    }
    return out
  }

  static func mdChange(_ c: EvaluationDelta.Change) -> String {
    (c.field == "obligations" ? "obligations" : "\(c.decision).\(c.field)") + ": \(code(c.old)) → \(code(c.new))"
  }

  static func escape(_ s: String) -> String {
    var out = ""
    for ch in s {
      if "\\`*_[]<>|#".contains(ch) { out.append("\\") }
      out.append(ch)
    }
    return out
  }

  static func cell(_ s: String) -> String { s.replacing("|", with: "\\|") }

  static func html(_ s: String) -> String {
    s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
  }

  static func mdItem(_ i: RuleSetDiff.Item, indent: String) -> String {
    var out: String
    if i.kind == .renamed {
      out = "\(indent)- **renamed** \(i.what) \(code(i.oldName ?? "")) → \(code(i.name))"
      if i.fields.isEmpty && i.children.isEmpty { return out + " (same content)\n" }
      out += "\n"
    } else {
      out = "\(indent)- **\(i.kind.rawValue)** \(i.what)" + (i.name.isEmpty ? "" : " \(code(i.name))") + "\n"
    }
    for f in i.fields { out += mdField(f, indent: indent + "  ", kind: i.kind == .renamed ? .changed : i.kind) }
    for c in i.children { out += mdItem(c, indent: indent + "  ") }
    return out
  }

  static func mdField(_ f: RuleSetDiff.Field, indent: String, kind: RuleSetDiff.Kind) -> String {
    if let note = f.note { return "\(indent)- \(code(f.name)): \(escape(note))\n" }
    switch (f.old, f.new) {
    case (let o?, let n?): return "\(indent)- \(f.name): \(code(o)) → \(code(n))\n"
    case (let o?, nil): return kind == .removed ? "\(indent)- \(f.name): \(code(o))\n" : "\(indent)- \(f.name): \(code(o)) → *(none)*\n"
    case (nil, let n?): return kind == .added ? "\(indent)- \(f.name): \(code(n))\n" : "\(indent)- \(f.name): *(none)* → \(code(n))\n"
    default: return ""
    }
  }
}
