import RulesExpr
import RulesSource
import RulesYAML

extension RuleSetLoader {
  func readHeader(_ node: YAMLNode) -> RuleSet.Header? {
    guard let f = r.fields(node, "the `ruleset` header", allowed: RuleFileKeys.header.keys,
                           required: RuleFileKeys.header.required),
      let idNode = f["id"], let id = r.name(idNode, "`id`"), let series = f["series"].flatMap({ r.name($0, "`series`") }),
      let decided = f["decided_on"].flatMap({ r.date($0, "`decided_on`") }),
      let from = f["effective_from"].flatMap({ r.date($0, "`effective_from`") }), let mainNode = f["main"]
    else { return nil }
    let until = f["effective_until"].flatMap { r.date($0, "`effective_until`") }
    if let until, until < from, let n = f["effective_until"] {
      r.error(.badPeriod, "`effective_until` \(until) is before `effective_from` \(from)", at: n)
    }
    let main = r.names(mainNode, "a `main` decision")
    if main.isEmpty { r.error(.missingKey, "`main` must name at least one decision", at: mainNode) }
    return RuleSet.Header(
      id: Located(id, at: idNode.range), series: series, title: f["title"].flatMap { r.text($0, "`title`") },
      decidedOn: decided, effectiveFrom: from, effectiveUntil: until,
      supersedes: f["supersedes"].flatMap { r.name($0, "`supersedes`") },
      source: f["source"].flatMap { r.citation($0) }, main: main, range: node.range)
  }

  func declareFacts() {
    for (key, node) in sections["facts"] ?? [] {
      guard let name = r.name(key, "a fact name") else { continue }
      if name == "as_of" {
        r.error(.reservedName, "`as_of` is the evaluation date and cannot be declared as a fact", at: key)
        continue
      }
      var type: ExprType?
      var optional = false, informational = false
      var label: LocalizedText?, description: LocalizedText?
      if node.scalar != nil {
        type = factType(node, values: nil, of: nil, name: name)
      } else if let f = r.fields(node, "fact `\(name)`",
                                 allowed: RuleFileKeys.fact.keys, required: RuleFileKeys.fact.required) {
        type = f["type"].flatMap { factType($0, values: f["values"], of: f["of"], name: name) }
        optional = f["optional"].flatMap { r.bool($0, "`optional`") } ?? false
        informational = f["informational"].flatMap { r.bool($0, "`informational`") } ?? false
        label = f["label"].flatMap { r.text($0, "`label`") }
        description = f["description"].flatMap { r.text($0, "`description`") }
      }
      guard let type else { continue }
      factIndex[name] = facts.count
      facts.append(FactDecl(name: name, type: type, optional: optional, informational: informational, label: label,
                            description: description, range: key.range, valueLabels: valueLabels(of: node)))
    }
    // A fact named like a prefix of another (`contract` and `contract.ends_on`) makes nested facts
    // ambiguous. One pass collects every group prefix, so this stays linear in the number of facts.
    for f in facts {
      var name = Substring(f.name)
      while let dot = name.lastIndex(of: ".") {
        name = name[..<dot]
        if factGroups[String(name)] == nil { factGroups[String(name)] = f.name }
      }
    }
    for f in facts {
      if let longer = factGroups[f.name] {
        r.diagnostics.insert(.error(.factPrefix, "fact `\(f.name)` is also the group of `\(longer)`", at: f.range,
                                    help: "rename one of them"))
      }
    }
  }

  static let typeNames = RuleFileKeys.factTypes

  func factType(_ node: YAMLNode, values: YAMLNode?, of: YAMLNode?, name: String) -> ExprType? {
    guard let t = r.string(node, "a type") else { return nil }
    switch t {
    case "bool": return .bool
    case "date": return .date
    case "number": return .number
    case "string": return .string
    case "duration": return .duration
    case "enum":
      guard let values, let items = values.sequence, !items.isEmpty else {
        r.error(.missingKey, "an `enum` needs `values:`, a list of the values it may take", at: node,
                help: "for example `values: [applied, expected, none]`")
        return nil
      }
      let vs = items.compactMap { enumValue($0) }
      if Set(vs).count != vs.count { r.error(.duplicateValue, "an enum value is listed twice", at: values) }
      return .enumeration(name: "`\(name)`", values: vs)
    case "list":
      guard let of else {
        r.error(.missingKey, "a `list` needs `of:`, the type of its items", at: node, help: "for example `of: string`")
        return nil
      }
      return factType(of, values: values, of: nil, name: name).map { .list($0) }
    default:
      r.error(.unknownType, "unknown type `\(t)`", at: node,
              help: Suggestions.didYouMean(t, in: Self.typeNames) ?? "types: \(Self.typeNames.joined(separator: ", "))")
      return nil
    }
  }

  /// One enum value: plain text, or `{value: saas, label: {ja: …, en: …}}` so a choice can be shown in words.
  func enumValue(_ node: YAMLNode) -> String? {
    guard node.mapping != nil else { return r.string(node, "an enum value") }
    let f = r.fields(node, "an enum value", allowed: RuleFileKeys.enumValue.keys, required: RuleFileKeys.enumValue.required) ?? [:]
    return f["value"].flatMap { r.string($0, "`value`") }
  }

  /// The labels a fact's `values:` give, by value (`enumValue` reports a bad value; this, a bad label).
  func valueLabels(of node: YAMLNode) -> [String: LocalizedText] {
    guard node.mapping != nil, let items = node.mapping?.first(where: { $0.name == "values" })?.value.sequence
    else { return [:] }
    var out: [String: LocalizedText] = [:]
    for item in items {
      guard let pairs = item.mapping, let v = pairs.first(where: { $0.name == "value" })?.value.scalar?.value,
        let l = pairs.first(where: { $0.name == "label" })?.value
      else { continue }
      if let t = r.text(l, "`label`") { out[v] = t }
    }
    return out
  }

  func declareObligations() {
    for (key, node) in sections["obligations"] ?? [] {
      guard let id = r.name(key, "an obligation id") else { continue }
      let f = r.fields(node, "obligation `\(id)`", allowed: RuleFileKeys.obligation.keys) ?? [:]
      // Read once every name an expression may use is declared (finishObligationDues).
      if let due = f["due"] { obligationDueNodes.append((obligations.count, due)) }
      obligationIndex[id] = obligations.count
      obligations.append(ObligationDecl(
        id: id, text: (f["text"] ?? f["title"]).flatMap { r.text($0, "`text`") },
        source: f["source"].flatMap { r.citation($0) }, range: key.range))
    }
  }

  /// Checks each obligation's `due:` (a date expression), now that facts, constants and decisions exist.
  func finishObligationDues() {
    for (i, node) in obligationDueNodes {
      if let slot = dueExpression(node) { obligations[i].due = slot }
    }
  }

  /// A `due:` expression: it must give a date (or `none`, no fixed deadline).
  func dueExpression(_ node: YAMLNode) -> ExprSlot? {
    guard let slot = expression(node, condition: false) else { return nil }
    guard slot.typed.type.unwrapped == .date || slot.typed.type == .nothing else {
      r.error(.typeMismatch, "`due` must be a date, but this is \(slot.typed.type)", at: node,
              help: "write a date expression such as `2022-03-31` or `fiscal_year_end(decision_date)`")
      return nil
    }
    return slot
  }

  func declareTables() {
    for (key, node) in sections["tables"] ?? [] {
      guard let name = r.name(key, "a table name"),
        let f = r.fields(node, "table `\(name)`", allowed: RuleFileKeys.table.keys,
                         required: RuleFileKeys.table.required),
        let colNode = f["columns"], let colPairs = colNode.mapping, let rowsNode = f["rows"]
      else { continue }
      var columns: [(name: String, type: ExprType)] = []
      for p in colPairs {
        let t: ExprType?
        if p.value.scalar != nil {
          t = factType(p.value, values: nil, of: nil, name: p.name)
        } else {
          let cf = r.fields(p.value, "column `\(p.name)`", allowed: RuleFileKeys.column.keys, required: RuleFileKeys.column.required) ?? [:]
          t = cf["type"].flatMap { factType($0, values: cf["values"], of: cf["of"], name: p.name) }
        }
        if let t { columns.append((p.name, t)) }
      }
      let names = columns.map(\.name)
      func column(_ n: YAMLNode?, _ what: String) -> Int? {
        guard let n, let c = r.string(n, what) else { return nil }
        guard let i = names.firstIndex(of: c) else {
          r.error(.unknownColumn, "\(what) `\(c)` is not a column of table `\(name)`", at: n,
                  help: Suggestions.didYouMean(c, in: names))
          return nil
        }
        return i
      }
      guard let keyCol = column(f["key"], "the key column") else { continue }
      let aliasCol = column(f["aliases"], "the aliases column")
      let match = f["match"].flatMap { keyMatch($0) } ?? KeyMatch()
      var rows: [[Value]] = []
      var index: [String: Int] = [:]
      var keyNodes: [String: YAMLNode] = [:]
      for rowNode in rowsNode.sequence ?? [] {
        guard let rf = r.fields(rowNode, "a row of `\(name)`", allowed: names) else { continue }
        var row: [Value] = []
        for (c, t) in columns {
          if let v = rf[c] {
            row.append(r.value(v, as: t, "column `\(c)`") ?? .none)
          } else {
            row.append(.none)
          }
        }
        var keys: [(String, YAMLNode)] = []
        if let k = rf[names[keyCol]], case .string(let s) = row[keyCol] { keys.append((s, k)) }
        if let ac = aliasCol, let an = rf[names[ac]], case .list(let xs) = row[ac] {
          for case .string(let s) in xs { keys.append((s, an)) }
        }
        for (k, n) in keys {
          let norm = match.normalize(k)
          if let prior = keyNodes[norm] {
            r.error(.duplicateKey, "`\(k)` matches the same key as an earlier row of `\(name)`", at: n,
                    notes: [.note("earlier key here", at: prior.range)])
          } else {
            keyNodes[norm] = n
            index[norm] = rows.count
          }
        }
        rows.append(row)
      }
      tableIndex[name] = tables.count
      tables.append(TableDecl(name: name, keyColumn: keyCol, aliasColumn: aliasCol, match: match, columns: columns,
                              rows: rows, index: index, range: key.range))
    }
  }

  func keyMatch(_ node: YAMLNode) -> KeyMatch? {
    guard let f = r.fields(node, "`match`", allowed: RuleFileKeys.match.keys) else { return nil }
    var nfkc = false, insensitive = false, spaces = KeyMatch.Spaces.keep
    var map: [String: String] = [:]
    if let n = f["normalize"], let v = r.string(n, "`normalize`") {
      if v == "nfkc" { nfkc = true } else if v != "none" {
        r.error(.unknownValue, "`normalize` is `nfkc` or `none`, not `\(v)`", at: n)
      }
    }
    if let n = f["case"], let v = r.string(n, "`case`") {
      if v == "insensitive" { insensitive = true } else if v != "sensitive" {
        r.error(.unknownValue, "`case` is `sensitive` or `insensitive`, not `\(v)`", at: n)
      }
    }
    if let n = f["spaces"], let v = r.string(n, "`spaces`") {
      if let s = KeyMatch.Spaces(rawValue: v) { spaces = s } else {
        r.error(.unknownValue, "`spaces` is `keep`, `collapse` or `ignore`, not `\(v)`", at: n)
      }
    }
    if let n = f["map"] {
      for p in n.mapping ?? [] {
        guard p.name.unicodeScalars.count == 1, let to = r.string(p.value, "a replacement") else {
          r.error(.badMap, "`map` replaces single characters; `\(p.name)` is not one", at: p.key)
          continue
        }
        map[p.name] = to
      }
    }
    return KeyMatch(nfkc: nfkc, map: map, caseInsensitive: insensitive, spaces: spaces)
  }
}
