import RulesEval
import RulesExpr
import RulesModel
import RulesSource

/// A semantic diff of two rule sets: what a new version changes in meaning.
///
/// Everything is compared in canonical form — expressions by their syntax tree printed back
/// (`Syntax.Expr.description`), conditions with one-item `all`/`any` unwrapped, values by value — so
/// formatting, key order, comments and quoting are never changes. Items are matched by name
/// (rules and exclusions by `(decision, rule id)` and `(rule, exclusion id)`, table rows by key).
/// An item removed under one name and added with the same content under another is a rename.
/// Condition trees are compared node by node (`ConditionDiff`). Lists whose order means nothing
/// (outcomes, obligations, enum values, the rules of `collect` and `unique` decisions) are compared
/// as sets; a reordering of `first` rules says, per swapped pair, whether it can change an answer.
package struct RuleSetDiff: Sendable {
  package enum Kind: String, Sendable { case added, removed, changed, renamed }

  /// One property that differs: `old` is nil for an added item, `new` for a removed one. A `note`
  /// stands for both when the change is best said in words (a moved condition, an order's effect).
  package struct Field: Sendable, Equatable {
    package let name: String
    package let old: String?
    package let new: String?
    package let note: String?
    package init(_ name: String, _ old: String?, _ new: String?, note: String? = nil) {
      self.name = name
      self.old = old
      self.new = new
      self.note = note
    }
  }

  /// A named thing that was added, removed or changed, with its fields and nested items
  /// (a decision's rules, a rule's exclusions, a table's rows).
  package struct Item: Sendable {
    package let kind: Kind
    /// `fact`, `constant`, `definition`, `table`, `row`, `obligation`, `decision`, `rule`, `otherwise`, `exclusion`.
    package let what: String
    package let name: String
    package var fields: [Field]
    package var children: [Item]
    /// A renamed item's old name (`name` is the new one).
    package var oldName: String? = nil
  }

  /// `ruleset` (header fields only), `facts`, `constants`, ...
  package struct Section: Sendable {
    package let name: String
    package var fields: [Field]
    package var items: [Item]
  }

  package struct Side: Sendable {
    package let id: String
    package let location: String
  }

  package let old: Side
  package let new: Side
  /// Only sections with changes, in a fixed order.
  package let sections: [Section]

  package var isEmpty: Bool { sections.isEmpty }

  /// Items added, removed and changed at any depth (a changed item counts only when it has fields of its own).
  package var counts: (added: Int, removed: Int, changed: Int, renamed: Int) {
    var a = 0, r = 0, c = 0, n = 0
    func walk(_ i: Item) {
      switch i.kind {
      case .added: a += 1
      case .removed: r += 1
      case .changed: if !i.fields.isEmpty { c += 1 }
      case .renamed: n += 1
      }
      if i.kind == .changed || i.kind == .renamed { i.children.forEach(walk) }
    }
    for s in sections {
      if !s.fields.isEmpty { c += 1 }
      s.items.forEach(walk)
    }
    return (a, r, c, n)
  }

  package var summary: String {
    if isEmpty { return "no changes in meaning" }
    let n = counts
    let parts = [(n.added, "added"), (n.removed, "removed"), (n.changed, "changed"), (n.renamed, "renamed")]
      .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
    return parts.joined(separator: ", ")
  }

  // MARK: - Comparing

  package static func compare(_ a: RuleSet, _ b: RuleSet) -> RuleSetDiff {
    var sections: [Section] = []
    func add(_ name: String, fields: [Field] = [], items: [Item]) {
      if !fields.isEmpty || !items.isEmpty { sections.append(Section(name: name, fields: fields, items: items)) }
    }
    add("ruleset", fields: header(a.header, b.header), items: [])
    add("facts", items: matched(a.facts, b.facts, name: \.name, what: "fact", fields: factFields, renames: true))
    add("constants", items: matched(a.constants, b.constants, name: \.name, what: "constant", fields: constantFields,
                                    expressions: { c in c.expr.map { ["value": $0.syntax] } ?? [:] }, renames: true).map {
      // A changed expression says it all; its computed value matters only when the expression stayed.
      var i = $0
      if i.fields.contains(where: { $0.name == "value" }) { i.fields.removeAll { $0.name == "computed" } }
      return i
    })
    add("definitions", items: matched(a.definitions, b.definitions, name: \.name, what: "definition", fields: definitionFields,
                                      conditions: { [("value", $0.body)] }, renames: true))
    add("tables", items: tables(a.tables, b.tables))
    add("obligations", items: matched(a.obligations, b.obligations, name: \.id, what: "obligation", fields: obligationFields))
    add("decisions", items: decisions(a.decisions, b.decisions, new: b))
    return RuleSetDiff(
      old: Side(id: a.header.id.value, location: a.location), new: Side(id: b.header.id.value, location: b.location),
      sections: sections)
  }

  /// Fields of one thing in both versions: `(name, old text, new text)`; nil text = not set.
  typealias Props = [(String, String?)]

  static func fields(_ old: Props?, _ new: Props?) -> [Field] {
    switch (old, new) {
    case (let o?, let n?):
      let nmap = Dictionary(n.map { ($0.0, $0.1) }, uniquingKeysWith: { x, _ in x })
      var out: [Field] = []
      for (k, ov) in o where ov != nmap[k] ?? nil { out.append(Field(k, ov, nmap[k] ?? nil)) }
      let onames = Set(o.map(\.0))
      for (k, nv) in n where !onames.contains(k) && nv != nil { out.append(Field(k, nil, nv)) }
      return out
    case (let o?, nil): return o.compactMap { p in p.1.map { Field(p.0, $0, nil) } }
    case (nil, let n?): return n.compactMap { p in p.1.map { Field(p.0, nil, $0) } }
    default: return []
    }
  }

  /// Matches two lists by name: removed (old order), then changed, renamed and added (new order).
  /// `conditions` are the condition trees of an item, compared node by node under their field name;
  /// `expressions` the fields that hold an expression (a deadline), compared node by node too.
  /// With `renames`, an added item that is like a removed one (`Renames.similarity`) is shown as
  /// that item renamed, with its changes.
  static func matched<T>(
    _ old: [T], _ new: [T], name: (T) -> String, what: String, fields props: (T) -> Props,
    conditions: (T) -> [(String, Condition?)] = { _ in [] },
    expressions: (T) -> [String: Syntax.Expr] = { _ in [:] },
    renames: Bool = false,
    children: (T?, T?) -> [Item] = { _, _ in [] }
  ) -> [Item] {
    func allFields(_ o: T?, _ n: T?) -> [Field] {
      var f = fields(o.map(props), n.map(props))
      if let o, let n {
        // An expression changed inside: just the node that changed.
        let eo = expressions(o), en = expressions(n)
        f = f.flatMap { x in
          guard x.old != nil, x.new != nil, let a = eo[x.name], let b = en[x.name] else { return [x] }
          return ExprDiff.fields(a, b, root: x.name)
        }
      }
      let co = o.map(conditions) ?? [], cn = n.map(conditions) ?? []
      var c: [Field] = []
      for k in 0..<max(co.count, cn.count) {
        let root = k < cn.count ? cn[k].0 : co[k].0
        c += ConditionDiff.fields(k < co.count ? co[k].1 : nil, k < cn.count ? cn[k].1 : nil, root: root)
      }
      // Conditions come first, after a rule's outcome.
      f.insert(contentsOf: c, at: f.first?.name == "outcome" ? 1 : 0)
      return f
    }
    let oldIndex = Dictionary(old.map { (name($0), $0) }, uniquingKeysWith: { x, _ in x })
    let newNames = Set(new.map(name))
    // Same content under a new name: a rename, not a removal and an addition.
    var gone = old.filter { !newNames.contains(name($0)) }
    var renamedFrom: [String: T] = [:]
    // Same content has the same canonical key, so only those are compared in full.
    func key(_ x: T) -> String {
      (props(x).map { "\($0.0)=\($0.1 ?? "")" } + conditions(x).map { $0.1.map { ConditionDiff.Node($0).key } ?? "" })
        .joined(separator: "\u{1}")
    }
    var goneKeys = gone.map(key)
    for n in new where oldIndex[name(n)] == nil {
      let kn = key(n)
      if let k = gone.indices.first(where: { goneKeys[$0] == kn && allFields(gone[$0], n).isEmpty && children(gone[$0], n).isEmpty }) {
        renamedFrom[name(n)] = gone.remove(at: k)
        goneKeys.remove(at: k)
      }
    }
    // Then like content under a new name: renamed and changed, each added item with the removed one most like it.
    if renames, !gone.isEmpty {
      var goneLike = gone.map { (props($0), Renames.leaves(conditions($0))) }
      for n in new where oldIndex[name(n)] == nil && renamedFrom[name(n)] == nil {
        let (pn, ln) = (Renames.Like(props(n)), Renames.leaves(conditions(n)))
        let scored = goneLike.indices.compactMap { k in Renames.similarity(goneLike[k].0, pn, goneLike[k].1, ln).map { (k, $0) } }
        guard let best = scored.max(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 > $1.0) }) else { continue }
        renamedFrom[name(n)] = gone.remove(at: best.0)
        goneLike.remove(at: best.0)
      }
    }
    var items: [Item] = []
    for o in gone {
      items.append(Item(kind: .removed, what: what, name: name(o), fields: allFields(o, nil), children: children(o, nil)))
    }
    for n in new {
      if let o = oldIndex[name(n)] {
        let f = allFields(o, n)
        let c = children(o, n)
        if !f.isEmpty || !c.isEmpty { items.append(Item(kind: .changed, what: what, name: name(n), fields: f, children: c)) }
      } else if let o = renamedFrom[name(n)] {
        items.append(Item(kind: .renamed, what: what, name: name(n), fields: allFields(o, n), children: children(o, n),
                          oldName: name(o)))
      } else {
        items.append(Item(kind: .added, what: what, name: name(n), fields: allFields(nil, n), children: children(nil, n)))
      }
    }
    return items
  }

  // MARK: Sections

  static func header(_ a: RuleSet.Header, _ b: RuleSet.Header) -> [Field] {
    func props(_ h: RuleSet.Header) -> Props {
      [("id", h.id.value), ("series", h.series), ("title", h.title.map(Render.text)),
       ("decided_on", h.decidedOn.description), ("effective_from", h.effectiveFrom.description),
       ("effective_until", h.effectiveUntil?.description), ("supersedes", h.supersedes),
       ("source", h.source.map(Render.citation)), ("main", Render.list(h.main.map(\.value)))]
    }
    return fields(props(a), props(b))
  }

  static func factFields(_ f: FactDecl) -> Props {
    [("type", setType(f.type) + (f.optional ? ", optional" : "")), ("informational", f.informational ? "true" : "false"),
     ("label", f.label.map(Render.text)), ("description", f.description.map(Render.text)),
     ("value labels", f.valueLabels.isEmpty ? nil : "{" + f.valueLabels.keys.sorted().map { "\($0): \(Render.text(f.valueLabels[$0]!))" }
       .joined(separator: "; ") + "}")]
  }

  static func constantFields(_ c: ConstantDecl) -> Props {
    // An expression is compared as written (canonically); its value only when the expression is the
    // same but the value is not (a constant it reads changed).
    [("value", c.expr.map { $0.syntax.description } ?? Render.value(c.value)),
     ("computed", c.expr.flatMap { e in Render.value(c.value) == e.syntax.description ? nil : Render.value(c.value) }),
     ("values", c.allowed.map { Render.list($0.sorted()) }), ("type", setType(c.type)),
     ("description", c.description.map(Render.text)), ("source", c.source.map(Render.citation))]
  }

  static func definitionFields(_ d: DefinitionDecl) -> Props {
    [("description", d.description.map(Render.text)),
     ("source", d.source.map(Render.citation))]
  }

  static func obligationFields(_ o: ObligationDecl) -> Props {
    [("text", o.text.map(Render.text)), ("source", o.source.map(Render.citation))]
  }

  static func tables(_ old: [TableDecl], _ new: [TableDecl]) -> [Item] {
    func props(_ t: TableDecl) -> Props {
      // Columns are a YAML mapping: their order carries no meaning.
      [("columns", "[" + t.columns.sorted { $0.name < $1.name }.map { "\($0.name): \(Render.type($0.type))" }
        .joined(separator: ", ") + "]"),
       ("key", t.columns[t.keyColumn].name), ("aliases", t.aliasColumn.map { t.columns[$0].name }),
       ("match", Render.match(t.match)), ("rows", t.rows.count.description)]
    }
    return matched(old, new, name: \.name, what: "table", fields: { t in props(t).filter { $0.0 != "rows" } }, children: { o, n in
      guard let o, let n else { return [] }
      return rows(o, n)
    }).map { item in
      // An added or removed table lists its row count, not every row.
      guard item.kind != .changed else { return item }
      let t = (item.kind == .added ? new : old).first { $0.name == item.name }!
      var i = item
      i.fields.append(item.kind == .added ? Field("rows", nil, "\(t.rows.count)") : Field("rows", "\(t.rows.count)", nil))
      return i
    }
  }

  static func rows(_ a: TableDecl, _ b: TableDecl) -> [Item] {
    typealias Row = (key: String, cells: Props)
    func rows(_ t: TableDecl) -> [Row] {
      t.rows.map { r in
        (Render.value(r[t.keyColumn]),
         t.columns.indices.sorted { t.columns[$0].name < t.columns[$1].name }.map { (t.columns[$0].name, Render.value(r[$0])) })
      }
    }
    return matched(rows(a), rows(b), name: \.key, what: "row", fields: \.cells)
  }

  /// A type with its enum values as a set: their order means nothing.
  static func setType(_ t: ExprType) -> String {
    switch t {
    case .enumeration(_, let values): return "enum " + Render.list(values.sorted())
    case .list(let x): return "list of " + setType(x)
    case .optional(let x): return setType(x) + "?"
    default: return Render.type(t)
    }
  }

  static func decisions(_ old: [Decision], _ new: [Decision], new ruleSet: RuleSet) -> [Item] {
    func props(_ d: Decision) -> Props {
      [("hit", d.hit.rawValue), ("title", d.title.map(Render.text)), ("description", d.description.map(Render.text)),
       ("outcomes", Render.list(d.outcomes.sorted())),
       ("outcome texts", d.outcomeTexts.isEmpty ? nil : "{" + d.outcomeTexts.keys.sorted().map { k in
         let t = d.outcomeTexts[k]!
         return k + ": " + [t.title.map(Render.text), t.description.map(Render.text)].compactMap { $0 }.joined(separator: " — ")
       }.joined(separator: "; ") + "}")]
    }
    return matched(old, new, name: \.name, what: "decision", fields: props, renames: true, children: { o, n in
      guard let o, let n else {
        // An added or removed decision lists its rules by id only.
        let d = (o ?? n)!
        return d.rules.map {
          Item(kind: o == nil ? .added : .removed, what: "rule", name: $0.id.value,
               fields: fields(o == nil ? nil : ruleSummary($0), o == nil ? ruleSummary($0) : nil), children: [])
        }
      }
      var items = matched(o.rules, n.rules, name: \.id.value, what: "rule", fields: ruleFields, conditions: ruleConditions,
                          expressions: ruleExpressions, renames: true) { ro, rn in
        matched(ro?.unless ?? [], rn?.unless ?? [], name: \.id.value, what: "exclusion", fields: exclusionFields,
                conditions: { [("when", $0.when)] }, renames: true)
      }
      // Only `first` reads the rules in order; a renamed rule keeps its place.
      if n.hit == .first, o.hit == .first, let di = ruleSet.decisionIndex[n.name] {
        var newID: [String: String] = [:]
        for i in items where i.kind == .renamed { if let from = i.oldName { newID[from] = i.name } }
        items.insert(contentsOf: ruleOrder(o.rules.map { newID[$0.id.value] ?? $0.id.value }, n.rules.map(\.id.value),
                                           decision: di, in: ruleSet), at: 0)
      }
      items += matched(o.otherwise.map { [$0] } ?? [], n.otherwise.map { [$0] } ?? [], name: { _ in "" }, what: "otherwise",
                       fields: ruleFields, conditions: ruleConditions, expressions: ruleExpressions)
      return items
    })
  }

  /// Most swapped pairs of `first` rules whose effect is looked for.
  static let maxSwaps = 12

  /// A reordering of the `first` rules both versions have, with what each swapped pair can change.
  static func ruleOrder(_ oldIDs: [String], _ newIDs: [String], decision: Int, in rs: RuleSet) -> [Item] {
    let common = Set(oldIDs).intersection(newIDs)
    let oldOrder = oldIDs.filter(common.contains), newOrder = newIDs.filter(common.contains)
    guard oldOrder != newOrder else { return [] }
    let oldRank = Dictionary(oldOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { x, _ in x })
    var fields = [Field("order", Render.list(oldOrder), Render.list(newOrder))]
    var swaps: [(String, String)] = []
    for (j, b) in newOrder.enumerated() {
      for a in newOrder[..<j] where oldRank[a]! > oldRank[b]! { swaps.append((a, b)) }
    }
    // Search steps per pair: 200 000, shared out when many pairs swapped (at least 20 000 each).
    let budget = max(20_000, min(200_000, 600_000 / max(1, min(swaps.count, maxSwaps))))
    for (a, b) in swaps.prefix(maxSwaps) {
      let answer = OrderEffect.effect(of: a, b, decision: decision, in: rs, budget: budget)
      fields.append(Field("\(a) ↔ \(b)", nil, nil, note: describe(answer)))
    }
    if swaps.count > maxSwaps { fields.append(Field("other swapped pairs", nil, nil, note: "\(swaps.count - maxSwaps) not analysed")) }
    return [Item(kind: .changed, what: "rule order", name: "", fields: fields, children: [])]
  }

  static func describe(_ a: OrderEffect.Answer) -> String {
    switch a {
    case .cannotBothMatch: return "no effect: these rules cannot both match"
    case .sameAnswer: return "no effect: both rules give the same answer"
    case .unknown: return "cannot tell within the search budget"
    case .differs(let asOf, let facts, let oldRule, let newRule):
      let given = facts.map { f -> String in
        if case .none = f.1 { return "\(f.0) = null" }
        return "\(f.0) = \(Render.value(f.1))"
      }
      return "decided differently, e.g. as of \(asOf)" + (given.isEmpty ? " with no facts given" : ", " + given.joined(separator: ", "))
        + ": the old order takes `\(oldRule)`, the new order `\(newRule)`"
    }
  }

  static func ruleSummary(_ r: Rule) -> Props {
    [("outcome", r.outcome), ("when", r.when.map(Render.condition)), ("deadline", r.deadline.map { $0.syntax.description })]
  }

  static func ruleFields(_ r: Rule) -> Props {
    [("outcome", r.outcome), ("deadline", r.deadline.map { $0.syntax.description }),
     ("obligations", r.obligations.isEmpty ? nil : Render.list(r.obligations.map(\.value).sorted())),
     ("title", r.title.map(Render.text)), ("description", r.description.map(Render.text)),
     ("source", r.source.map(Render.citation)),
     ("notes", r.notes.isEmpty ? nil : "[" + r.notes.map(Render.text).joined(separator: "; ") + "]")]
  }

  static func ruleConditions(_ r: Rule) -> [(String, Condition?)] { [("when", r.when)] }

  static func ruleExpressions(_ r: Rule) -> [String: Syntax.Expr] { r.deadline.map { ["deadline": $0.syntax] } ?? [:] }

  static func exclusionFields(_ e: Exclusion) -> Props {
    [("reason", e.reason.map(Render.text)), ("source", e.source.map(Render.citation))]
  }
}
