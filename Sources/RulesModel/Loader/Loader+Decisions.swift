import RulesExpr
import RulesSource
import RulesYAML

extension RuleSetLoader {
  static let decisionKeys = RuleFileKeys.decision.keys
  static let ruleKeys = RuleFileKeys.rule.keys
  static let otherwiseKeys = RuleFileKeys.otherwise.keys
  static let exclusionKeys = RuleFileKeys.exclusion.keys
  static let citationKeys = RuleFileKeys.citation.keys

  /// Keys of the levels around a decision, a rule and an exclusion: a key written one level off
  /// (a misindented `reason:` or `deadline:`) is named as such instead of as unknown.
  static let aroundDecision = [
    KeyLevel(["id", "when", "unless", "deadline", "outcome", "obligations", "notes"],
             "one level down, in a rule under `rules:`", help: "indent it under a `- id: …` item of `rules:`"),
  ]
  static let aroundRule = [
    KeyLevel(["hit", "rules", "otherwise"], "one level up, to the decision",
             help: "indent it less, level with the decision's `rules:`"),
    KeyLevel(["reason"], "one level down, in an exclusion under `unless:`",
             help: "write it in an `unless:` item: `- {id: …, when: …, reason: …}`"),
    KeyLevel(citationKeys, "one level down, in `source:`", help: "write `source: {clause: …, quote: …}`"),
  ]
  static let aroundExclusion = [
    KeyLevel(["outcome", "deadline", "obligations", "notes", "unless"], "one level up, to the rule",
             help: "indent it less, level with the rule's `unless:`"),
    KeyLevel(citationKeys, "one level down, in `source:`", help: "write `source: {clause: …, quote: …}`"),
  ]

  /// First pass over decisions: names, hit policies, outcomes and exclusion ids, so any
  /// expression can refer to any decision and its outcomes are checked.
  func declareDecisionShapes() {
    var total = 0
    for (key, node) in sections["decisions"] ?? [] {
      guard let name = r.name(key, "a decision name") else { continue }
      if factGroups[name] != nil {
        r.error(.nameClash, "decision `\(name)` has the name of a fact group", at: key, help: "rename the decision")
      }
      var hit = HitPolicy.first
      var outcomes: [String] = [], exclusions: [String] = []
      var hasOtherwise = false
      if let m = node.mapping {
        if let h = m.first(where: { $0.name == "hit" })?.value.scalar?.value {
          hit = HitPolicy(rawValue: h) ?? .first
        }
        for rule in node["rules"]?.sequence ?? [] {
          total += 1
          let id = rule["id"]?.scalar?.value
          if let o = rule["outcome"]?.scalar?.value ?? id, !outcomes.contains(o) { outcomes.append(o) }
          for ex in rule["unless"]?.sequence ?? [] {
            // A plain name refers to a shared exclusion; its id is that name.
            if let e = ex.scalar?.value ?? ex["id"]?.scalar?.value, !exclusions.contains(e) { exclusions.append(e) }
          }
        }
        if let o = node["otherwise"] {
          hasOtherwise = true
          let out = o["outcome"]?.scalar?.value ?? "none"
          if !outcomes.contains(out) { outcomes.append(out) }
        }
      }
      if total > limits.maxRules {
        r.error(.limitRules, "the rule set has more than \(limits.maxRules) rules", at: key,
                help: "raise the limit with `--max-rules`")
        return
      }
      decisionIndex[name] = decisionShapes.count
      decisionShapes.append(DecisionShape(name: name, hit: hit, outcomes: outcomes, hasOtherwise: hasOtherwise,
                                          exclusions: exclusions))
    }
  }

  func readDecisions() -> [Decision] {
    var out: [Decision] = []
    for (key, node) in sections["decisions"] ?? [] {
      guard let name = key.scalar?.value, let d = decisionIndex[name] else { continue }
      owner = .decision(d)
      let errorsBefore = errorCount
      defer {
        owner = .none
        if errorCount > errorsBefore { failed.decisions.insert(d) }
      }
      guard let f = r.fields(node, "decision `\(name)`", allowed: Self.decisionKeys, required: RuleFileKeys.decision.required,
                             nearby: Self.aroundDecision) else {
        out.append(emptyDecision(name, key))
        continue
      }
      var hit = HitPolicy.first
      if let h = f["hit"], let v = r.string(h, "`hit`") {
        if let p = HitPolicy(rawValue: v) { hit = p } else {
          r.error(.unknownValue, "unknown hit policy `\(v)`", at: h,
                  help: Suggestions.didYouMean(v, in: HitPolicy.allCases.map(\.rawValue)) ?? "write first, unique or collect")
        }
      }
      var rules: [Rule] = []
      var ids: [String: YAMLNode] = [:]
      if let list = f["rules"], list.sequence == nil {
        r.error(.expectedList, "`rules` must be a list of rules, each starting with `- id:`", at: list)
      }
      for rn in f["rules"]?.sequence ?? [] {
        guard let rule = readRule(rn, in: name, otherwise: false) else { continue }
        if let prior = ids[rule.id.value] {
          r.error(.duplicateId, "rule id `\(rule.id.value)` is used twice in decision `\(name)`", at: rn["id"] ?? rn,
                  notes: [.note("first used here", at: prior.range)])
        }
        ids[rule.id.value] = rn["id"] ?? rn
        rules.append(rule)
      }
      let otherwise = f["otherwise"].flatMap { readRule($0, in: name, otherwise: true) }
      var decision = Decision(name: name, title: f["title"].flatMap { personText($0, "`title`") },
                              description: f["description"].flatMap { r.text($0, "`description`") }, hit: hit,
                              rules: rules, otherwise: otherwise, range: key.range)
      if let o = f["outcomes"] { decision.outcomeTexts = outcomeTexts(o, of: decisionShapes[d]) }
      out.append(decision)
    }
    return out
  }

  /// `outcomes: {ID: {title, description}}`: each id must be an outcome the decision can give.
  private func outcomeTexts(_ node: YAMLNode, of shape: DecisionShape) -> [String: OutcomeText] {
    guard let m = node.mapping else {
      r.error(.expectedMapping, "`outcomes` must map outcome ids to `{title:, description:}`", at: node)
      return [:]
    }
    var out: [String: OutcomeText] = [:]
    for p in m {
      guard shape.outcomes.contains(p.name) else {
        r.error(.unknownValue, "decision `\(shape.name)` has no outcome `\(p.name)`", at: p.key,
                help: Suggestions.didYouMean(p.name, in: shape.outcomes)
                  ?? "its outcomes: \(shape.outcomes.joined(separator: ", "))")
        continue
      }
      guard let f = r.fields(p.value, "outcome `\(p.name)`", allowed: RuleFileKeys.outcomeText.keys) else { continue }
      out[p.name] = OutcomeText(title: f["title"].flatMap { personText($0, "`title`") },
                                description: f["description"].flatMap { r.text($0, "`description`") })
    }
    return out
  }

  private func emptyDecision(_ name: String, _ key: YAMLNode) -> Decision {
    Decision(name: name, title: nil, description: nil, hit: .first, rules: [], otherwise: nil, range: key.range)
  }

  func readRule(_ node: YAMLNode, in decision: String, otherwise: Bool) -> Rule? {
    let what = otherwise ? "`otherwise` of `\(decision)`" : "a rule of `\(decision)`"
    guard let f = r.fields(node, what, allowed: otherwise ? Self.otherwiseKeys : Self.ruleKeys,
                           required: otherwise ? RuleFileKeys.otherwise.required : RuleFileKeys.rule.required, nearby: Self.aroundRule)
    else { return nil }
    let idNode = f["id"] ?? node
    let id = otherwise ? "otherwise" : (r.name(idNode, "a rule id") ?? "?")
    let outcome = f["outcome"].flatMap { r.name($0, "an outcome") } ?? (otherwise ? "none" : id)
    let when = f["when"].flatMap { condition($0) }
    var unless: [Exclusion] = []
    var exIDs: [String: Located<String>] = [:]
    for en in f["unless"]?.sequence ?? [] {
      guard let x = unlessItem(en) else { continue }
      if let prior = exIDs[x.id.value] {
        r.diagnostics.insert(.error(.duplicateId, "exclusion id `\(x.id.value)` is used twice in this rule", at: x.id.range,
                                    notes: [.note("first used here", at: prior.range)]))
      }
      exIDs[x.id.value] = x.id
      unless.append(x)
    }
    if let u = f["unless"], u.sequence == nil {
      r.error(.expectedList, "`unless` must be a list of exclusions, each `{id:, when:}` or the name of a shared one", at: u)
    }
    var deadline: ExprSlot?
    if let dn = f["deadline"], let slot = expression(dn, condition: false) {
      if slot.typed.type.unwrapped == .date || slot.typed.type == .nothing {
        deadline = slot
      } else {
        r.error(.typeMismatch, "a deadline must be a date, but this is \(slot.typed.type)", at: dn)
      }
    }
    var obligationIDs: [Located<String>] = []
    var obligationDues: [String: ExprSlot] = [:]
    if let on = f["obligations"] {
      // An item is an id, or `{id: x, due: EXPR}` giving this rule's due date for it.
      var ids: [Located<String>] = []
      for item in on.sequence ?? [on] {
        guard item.mapping != nil else {
          ids += r.names(item, "an obligation id")
          continue
        }
        guard let of = r.fields(item, "an obligation reference", allowed: RuleFileKeys.obligationRef.keys, required: RuleFileKeys.obligationRef.required),
          let idn = of["id"], let oid = r.name(idn, "an obligation id")
        else { continue }
        ids.append(Located(oid, at: idn.range))
        if let dn = of["due"], let slot = dueExpression(dn) { obligationDues[oid] = slot }
      }
      for o in ids {
        if obligationIndex[o.value] == nil {
          r.diagnostics.insert(.error(.unknownObligation, "unknown obligation `\(o.value)`", at: o.range,
                                      help: Suggestions.didYouMean(o.value, in: obligations.map(\.id))
                                        ?? "declare it under `obligations:`"))
        } else {
          obligationIDs.append(o)
        }
      }
    }
    let notes = (f["notes"]?.sequence ?? f["notes"].map { [$0] } ?? []).compactMap { personText($0, "a note") }
    return Rule(id: Located(id, at: idNode.range), outcome: outcome, title: f["title"].flatMap { personText($0, "`title`") },
                description: f["description"].flatMap { r.text($0, "`description`") },
                source: f["source"].flatMap { r.citation($0) }, when: when, unless: unless, deadline: deadline,
                obligations: obligationIDs, notes: notes, allow: allowList(f["allow"]), outcomeRange: (f["outcome"] ?? idNode).range, range: node.range, obligationDues: obligationDues)
  }

  func declareDefinitions() {
    definitionNodes = sections["definitions"] ?? []
    for (i, (key, _)) in definitionNodes.enumerated() {
      guard let name = r.name(key, "a definition name") else { continue }
      if constantIndex[name] != nil || tableIndex[name] != nil || decisionIndex[name] != nil || name == "as_of" {
        r.error(.nameClash, "definition `\(name)` has the name of another constant, table or decision", at: key)
        continue
      }
      definitionIndex[name] = i
    }
    definitionState = Array(repeating: .unchecked, count: definitionNodes.count)
  }

  func checkDefinition(_ i: Int) {
    let (key, node) = definitionNodes[i]
    let name = key.scalar?.value ?? ""
    definitionState[i] = .checking
    definitionPath.append(i)
    let saved = owner
    owner = .definition(i)
    defer {
      owner = saved
      definitionPath.removeLast()
    }
    var body: Condition?
    var description: LocalizedText?, source: Citation?, allow: [LintAllowance] = []
    if node.scalar != nil {
      body = expression(node, condition: false).map(Condition.expr)
    } else if let m = node.mapping, m.contains(where: { ["all", "any", "not"].contains($0.name) }) {
      let f = r.fields(node, "definition `\(name)`", allowed: RuleFileKeys.definitionTree.keys) ?? [:]
      description = (f["description"] ?? f["label"]).flatMap { r.text($0, "`description`") }
      source = f["source"].flatMap { r.citation($0) }
      allow = allowList(f["allow"])
      let tree = m.filter { ["all", "any", "not"].contains($0.name) }
      body = condition(YAMLNode(.mapping(Array(tree.prefix(1))), range: node.range))
    } else if let f = r.fields(node, "definition `\(name)`", allowed: RuleFileKeys.definitionValue.keys,
                               required: RuleFileKeys.definitionValue.required) {
      description = (f["description"] ?? f["label"]).flatMap { r.text($0, "`description`") }
      source = f["source"].flatMap { r.citation($0) }
      allow = allowList(f["allow"])
      body = f["value"].flatMap { expression($0, condition: false) }.map(Condition.expr)
    }
    guard let body else {
      definitionState[i] = .failed
      return
    }
    let type: ExprType
    if case .expr(let s) = body { type = s.typed.type } else { type = .bool }
    definitionState[i] = .done(DefinitionDecl(name: name, body: body, type: type, description: description,
                                              source: source, allow: allow, range: key.range,
                                              extent: Self.extent(key, node)))
  }

  func finishDefinitions() -> [DefinitionDecl] {
    for i in definitionState.indices {
      if case .unchecked = definitionState[i] { checkDefinition(i) }
    }
    // Failed ones keep their index with a placeholder so symbols stay valid; the set has errors anyway.
    return definitionState.enumerated().map { i, s in
      if case .done(let d) = s { return d }
      let key = definitionNodes[i].key
      let lit = Syntax.Expr(kind: .literal(.bool(false)), range: 0..<0)
      let slot = ExprSlot(text: "false", syntax: lit, typed: TypedExpr(.literal(.bool(false)), .bool, 0..<0), range: key.range)
      return DefinitionDecl(name: key.scalar?.value ?? "", body: .expr(slot), type: .bool, description: nil,
                            source: nil, allow: [], range: key.range, extent: Self.extent(key, definitionNodes[i].value))
    }
  }

  /// Orders decisions so each follows those it reads; a cycle is an error naming its path.
  func decisionOrder(_ decisions: [Decision]) -> [Int] {
    func reads(_ d: Int) -> Set<Int> {
      var out = decisionReads[d] ?? []
      var seen: Set<Int> = []
      var stack = Array(readsDefinitions(owner: d))
      while let x = stack.popLast() {
        guard seen.insert(x).inserted else { continue }
        out.formUnion(definitionReads[x] ?? [])
        stack.append(contentsOf: definitionDefs[x] ?? [])
      }
      return out
    }
    let edges = decisions.indices.map { reads($0) }
    var order: [Int] = []
    var state = [Int](repeating: 0, count: decisions.count)  // 0 new, 1 on path, 2 done
    var reportedSites: Set<SourceRange> = []
    var path: [Int] = []  // shared, not copied per level: a long chain of decisions stays linear
    func visit(_ d: Int) {
      if state[d] == 2 { return }
      if state[d] == 1 {
        // Each reference of the cycle closes it: report every one, so whichever the author means to
        // break is marked, each at the expression that reads the next decision.
        let members = Array(path.drop(while: { $0 != d }))
        let names = (members + [d]).map { decisions[$0].name }.joined(separator: " → ")
        for (k, from) in members.enumerated() {
          let to = k + 1 < members.count ? members[k + 1] : d
          let site = readSite(from, to) ?? decisions[from].range
          guard reportedSites.insert(site).inserted else { continue }
          r.diagnostics.insert(.error(
            .cycle, "decisions depend on each other in a cycle: \(names)", at: site,
            help: "`\(decisions[from].name)` reads `\(decisions[to].name)` here; a decision cannot use its own result, "
              + "directly or through others"))
        }
        return
      }
      state[d] = 1
      path.append(d)
      for e in edges[d].sorted() { visit(e) }
      path.removeLast()
      state[d] = 2
      order.append(d)
    }
    for d in decisions.indices { visit(d) }
    return order
  }

  /// Where decision `from` reads decision `to`: directly, or in a definition it uses.
  private func readSite(_ from: Int, _ to: Int) -> SourceRange? {
    if let s = readSites[.decision(from)]?[to] { return s }
    var seen: Set<Int> = []
    var stack = Array(decisionDefs[from] ?? [])
    while let x = stack.popLast() {
      guard seen.insert(x).inserted else { continue }
      if let s = readSites[.definition(x)]?[to] { return s }
      stack.append(contentsOf: definitionDefs[x] ?? [])
    }
    return nil
  }

  /// From a key to the end of its value.
  static func extent(_ key: YAMLNode, _ value: YAMLNode) -> SourceRange {
    SourceRange(file: key.range.file, start: key.range.start, end: max(key.range.end, value.range.end))
  }

  /// Definitions a decision's expressions use directly.
  private func readsDefinitions(owner d: Int) -> Set<Int> { decisionDefs[d] ?? [] }
}
