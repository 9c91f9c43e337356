import RulesExpr
import RulesModel
import RulesSource

/// A semantic diff of two rule sets: what a new version changes in meaning.
///
/// Everything is compared in canonical form — expressions by their syntax tree printed back
/// (`Syntax.Expr.description`), conditions with one-item `all`/`any` unwrapped, values by value — so
/// formatting, key order, comments and quoting are never changes. Items are matched by name
/// (rules and exclusions by `(decision, rule id)` and `(rule, exclusion id)`, table rows by key).
public struct RuleSetDiff: Sendable {
  public enum Kind: String, Sendable { case added, removed, changed }

  /// One property that differs: `old` is nil for an added item, `new` for a removed one.
  public struct Field: Sendable, Equatable {
    public let name: String
    public let old: String?
    public let new: String?
    public init(_ name: String, _ old: String?, _ new: String?) {
      self.name = name
      self.old = old
      self.new = new
    }
  }

  /// A named thing that was added, removed or changed, with its fields and nested items
  /// (a decision's rules, a rule's exclusions, a table's rows).
  public struct Item: Sendable {
    public let kind: Kind
    /// `fact`, `constant`, `definition`, `table`, `row`, `obligation`, `decision`, `rule`, `otherwise`, `exclusion`.
    public let what: String
    public let name: String
    public var fields: [Field]
    public var children: [Item]
  }

  /// `ruleset` (header fields only), `facts`, `constants`, ...
  public struct Section: Sendable {
    public let name: String
    public var fields: [Field]
    public var items: [Item]
  }

  public struct Side: Sendable {
    public let id: String
    public let location: String
  }

  public let old: Side
  public let new: Side
  /// Only sections with changes, in a fixed order.
  public let sections: [Section]

  public var isEmpty: Bool { sections.isEmpty }

  /// Items added, removed and changed at any depth (a changed item counts only when it has fields of its own).
  public var counts: (added: Int, removed: Int, changed: Int) {
    var a = 0, r = 0, c = 0
    func walk(_ i: Item) {
      switch i.kind {
      case .added: a += 1
      case .removed: r += 1
      case .changed: if !i.fields.isEmpty { c += 1 }
      }
      if i.kind == .changed { i.children.forEach(walk) }
    }
    for s in sections {
      if !s.fields.isEmpty { c += 1 }
      s.items.forEach(walk)
    }
    return (a, r, c)
  }

  public var summary: String {
    if isEmpty { return "no changes in meaning" }
    let n = counts
    let parts = [(n.added, "added"), (n.removed, "removed"), (n.changed, "changed")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
    return parts.joined(separator: ", ")
  }

  // MARK: - Comparing

  public static func compare(_ a: RuleSet, _ b: RuleSet) -> RuleSetDiff {
    var sections: [Section] = []
    func add(_ name: String, fields: [Field] = [], items: [Item]) {
      if !fields.isEmpty || !items.isEmpty { sections.append(Section(name: name, fields: fields, items: items)) }
    }
    add("ruleset", fields: header(a.header, b.header), items: [])
    add("facts", items: matched(a.facts, b.facts, name: \.name, what: "fact", fields: factFields))
    add("constants", items: matched(a.constants, b.constants, name: \.name, what: "constant", fields: constantFields).map {
      // A changed expression says it all; its computed value matters only when the expression stayed.
      var i = $0
      if i.fields.contains(where: { $0.name == "value" }) { i.fields.removeAll { $0.name == "computed" } }
      return i
    })
    add("definitions", items: matched(a.definitions, b.definitions, name: \.name, what: "definition", fields: definitionFields))
    add("tables", items: tables(a.tables, b.tables))
    add("obligations", items: matched(a.obligations, b.obligations, name: \.id, what: "obligation", fields: obligationFields))
    add("decisions", items: decisions(a.decisions, b.decisions))
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

  /// Matches two lists by name: removed (old order), then changed and added (new order).
  static func matched<T>(
    _ old: [T], _ new: [T], name: (T) -> String, what: String, fields props: (T) -> Props,
    children: (T?, T?) -> [Item] = { _, _ in [] }
  ) -> [Item] {
    let oldIndex = Dictionary(old.map { (name($0), $0) }, uniquingKeysWith: { x, _ in x })
    let newNames = Set(new.map(name))
    var items: [Item] = []
    for o in old where !newNames.contains(name(o)) {
      items.append(Item(kind: .removed, what: what, name: name(o), fields: fields(props(o), nil), children: children(o, nil)))
    }
    for n in new {
      if let o = oldIndex[name(n)] {
        let f = fields(props(o), props(n))
        let c = children(o, n)
        if !f.isEmpty || !c.isEmpty { items.append(Item(kind: .changed, what: what, name: name(n), fields: f, children: c)) }
      } else {
        items.append(Item(kind: .added, what: what, name: name(n), fields: fields(nil, props(n)), children: children(nil, n)))
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
    [("type", Render.type(f.type) + (f.optional ? ", optional" : "")), ("informational", f.informational ? "true" : "false"),
     ("label", f.label.map(Render.text)), ("description", f.description.map(Render.text))]
  }

  static func constantFields(_ c: ConstantDecl) -> Props {
    // An expression is compared as written (canonically); its value only when the expression is the
    // same but the value is not (a constant it reads changed).
    [("value", c.expr.map { $0.syntax.description } ?? Render.value(c.value)),
     ("computed", c.expr.flatMap { e in Render.value(c.value) == e.syntax.description ? nil : Render.value(c.value) }),
     ("values", c.allowed.map(Render.list)), ("type", Render.type(c.type)),
     ("description", c.description.map(Render.text)), ("source", c.source.map(Render.citation))]
  }

  static func definitionFields(_ d: DefinitionDecl) -> Props {
    [("value", Render.condition(d.body)), ("description", d.description.map(Render.text)),
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
    return matched(old, new, name: \.name, what: "table", fields: { t in props(t).filter { $0.0 != "rows" } }) { o, n in
      guard let o, let n else { return [] }
      return rows(o, n)
    }.map { item in
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

  static func decisions(_ old: [Decision], _ new: [Decision]) -> [Item] {
    func props(_ d: Decision) -> Props {
      [("hit", d.hit.rawValue), ("title", d.title.map(Render.text)), ("description", d.description.map(Render.text)),
       ("outcomes", Render.list(d.outcomes))]
    }
    return matched(old, new, name: \.name, what: "decision", fields: props) { o, n in
      guard let o, let n else {
        // An added or removed decision lists its rules by id only.
        let d = (o ?? n)!
        return d.rules.map {
          Item(kind: o == nil ? .added : .removed, what: "rule", name: $0.id.value,
               fields: fields(o == nil ? nil : ruleSummary($0), o == nil ? ruleSummary($0) : nil), children: [])
        }
      }
      var items: [Item] = []
      // Order matters under `first` and `unique`: report a reordering of the rules both versions have.
      let common = Set(o.rules.map(\.id.value)).intersection(n.rules.map(\.id.value))
      let oldOrder = o.rules.map(\.id.value).filter(common.contains)
      let newOrder = n.rules.map(\.id.value).filter(common.contains)
      if oldOrder != newOrder {
        items.append(Item(kind: .changed, what: "rule order", name: "", fields: [Field("order", Render.list(oldOrder), Render.list(newOrder))], children: []))
      }
      items += matched(o.rules, n.rules, name: \.id.value, what: "rule", fields: ruleFields) { ro, rn in
        matched(ro?.unless ?? [], rn?.unless ?? [], name: \.id.value, what: "exclusion", fields: exclusionFields)
      }
      items += matched(o.otherwise.map { [$0] } ?? [], n.otherwise.map { [$0] } ?? [], name: { _ in "" }, what: "otherwise", fields: ruleFields)
      return items
    }
  }

  static func ruleSummary(_ r: Rule) -> Props {
    [("outcome", r.outcome), ("when", r.when.map(Render.condition)), ("deadline", r.deadline.map { $0.syntax.description })]
  }

  static func ruleFields(_ r: Rule) -> Props {
    [("outcome", r.outcome), ("when", r.when.map(Render.condition)), ("deadline", r.deadline.map { $0.syntax.description }),
     ("obligations", r.obligations.isEmpty ? nil : Render.list(r.obligations.map(\.value))),
     ("title", r.title.map(Render.text)), ("description", r.description.map(Render.text)),
     ("source", r.source.map(Render.citation)),
     ("notes", r.notes.isEmpty ? nil : "[" + r.notes.map(Render.text).joined(separator: "; ") + "]")]
  }

  static func exclusionFields(_ e: Exclusion) -> Props {
    [("when", Render.condition(e.when)), ("reason", e.reason.map(Render.text)), ("source", e.source.map(Render.citation))]
  }
}

/// Canonical one-line text of rule-set parts, shared by the diff and its renderers.
public enum Render {
  public static func text(_ t: LocalizedText) -> String { t.both }

  public static func citation(_ c: Citation) -> String {
    var s = c.clause
    if let q = c.quote { s += " «" + q + "»" }
    if let d = c.document { s += " (" + d + ")" }
    if let u = c.url { s += " <" + u + ">" }
    return s
  }

  public static func match(_ m: KeyMatch) -> String {
    var parts = ["normalize: " + (m.nfkc ? "nfkc" : "none")]
    if !m.map.isEmpty {
      parts.append("map: {" + m.map.keys.sorted().map { "\($0): \(m.map[$0]!)" }.joined(separator: ", ") + "}")
    }
    parts.append("case: " + (m.caseInsensitive ? "insensitive" : "sensitive"))
    parts.append("spaces: " + m.spaces.rawValue)
    return "{" + parts.joined(separator: ", ") + "}"
  }

  public static func list(_ xs: [String]) -> String { "[" + xs.joined(separator: ", ") + "]" }

  public static func value(_ v: Value) -> String {
    switch v {
    case .string(let s): return "\"" + s.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    case .list(let xs): return "[" + xs.map(value).joined(separator: ", ") + "]"
    default: return v.description
    }
  }

  public static func type(_ t: ExprType) -> String {
    switch t {
    case .enumeration(_, let values): return "enum " + list(values)
    case .list(let x): return "list of " + type(x)
    case .optional(let x): return type(x) + "?"
    default: return t.description
    }
  }

  /// A condition in canonical form: `all`/`any` of one item is that item; nested `all` (`any`) flatten.
  public static func condition(_ c: Condition) -> String { normalized(c).description }

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
