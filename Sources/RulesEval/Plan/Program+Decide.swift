import RulesExpr
import RulesModel
import RulesSource

/// What decided a rule, as ids (turned into a `Decider` only for traces).
enum PDecider: Equatable {
  case none
  case condition(Int32)
  /// Exclusion number `k` of the rule; the condition that decided it.
  case exclusion(Int32, Int32)
}

/// One rule's verdict under three-valued logic.
struct PVerdict {
  var state: RuleTrace.Result
  var missing: FactBits
  var by: PDecider
  /// The exclusion that fired (an index of `Code.exclusions`), or -1.
  var fired: Int32
}

extension Program {
  // MARK: Names read by expressions

  func definition(_ i: Int, _ s: inout PlanScratch) throws(EvalFailure) -> PTri {
    if s.definitionGeneration[i] == s.generation {
      if s.tracing {
        // A later rule that reuses the definition shows what it read, too.
        for k in s.definitionReads[i] { s.reads.append(s.reads[k]) }
      }
      return s.definitionValue[i]
    }
    let mark = s.reads.count
    let code = self.code
    let t = try cond(code, code.definitions[i], &s).tri
    s.definitionValue[i] = t
    s.definitionReads[i] = s.tracing ? mark..<s.reads.count : 0..<0
    s.definitionGeneration[i] = s.generation
    return t
  }

  func field(_ field: DecisionField, of d: Int, _ s: inout PlanScratch) throws(EvalFailure) -> PTri {
    try decide(d, &s)
    let rec = s.decisionRecord[d]
    // An undetermined decision has not considered every rule, so even its exclusions are open.
    if !rec.determined { return .unknown(rec.missing) }
    switch field {
    case .outcome: return .known(rec.outcome >= 0 ? .sym(rec.outcome) : .none)
    case .rule: return .known(rec.firstRule >= 0 ? .sym(rec.firstRule) : .none)
    case .deadline: return .known(rec.deadline.map(PV.date) ?? .none)
    case .status: return .known(.sym(rec.status))
    case .outcomes, .rules, .excluded, .obligations:
      // Kept as ids while deciding, so reading a list hashes no text.
      let l = s.lists[d]
      let range: Range<Int>
      switch field {
      case .outcomes: range = l.start..<l.rulesStart
      case .rules: range = l.rulesStart..<l.obligationsStart
      case .obligations: range = l.obligationsStart..<l.excludedStart
      default: range = l.excludedStart..<l.end
      }
      var items: [PV] = []
      items.reserveCapacity(range.count)
      for i in range { items.append(.sym(s.listIDs[i])) }
      return .known(.list(items))
    }
  }

  // MARK: Rules

  func verdict(_ r: RuleCode, _ s: inout PlanScratch) throws(EvalFailure) -> PVerdict {
    let code = self.code
    let w: CondOut
    if r.when >= 0 { w = try cond(code, r.when, &s) } else { w = CondOut(tri: .true, by: -1) }
    let whenBy: PDecider = w.by >= 0 ? .condition(w.by) : .none
    if w.tri.isFalse { return PVerdict(state: .notMatched, missing: FactBits(), by: whenBy, fired: -1) }
    // Exclusions are read only when the rule could apply, so they ask for no needless facts.
    var missing = FactBits()
    var unknownBy = PDecider.none
    for g in Int(r.unlessStart)..<Int(r.unlessEnd) {
      let ex = code.exclusions[g], k = Int32(g) - r.unlessStart
      let x = try cond(code, ex.when, &s)
      switch x.tri {
      case .known(.bool(true)):
        return PVerdict(state: .excluded, missing: FactBits(), by: .exclusion(k, ex.whenID), fired: Int32(g))
      case .unknown(let m):
        missing.formUnion(m)
        if unknownBy == .none { unknownBy = .exclusion(k, x.by >= 0 ? x.by : ex.whenID) }
      default: break
      }
    }
    if case .unknown(let m) = w.tri {
      return PVerdict(state: .unknown, missing: m.union(missing), by: whenBy, fired: -1)
    }
    if !missing.isEmpty || unknownBy != .none {
      return PVerdict(state: .unknown, missing: missing, by: unknownBy, fired: -1)
    }
    let by: PDecider = w.by >= 0 ? whenBy : r.whenID >= 0 ? .condition(r.whenID) : .none
    return PVerdict(state: .matched, missing: FactBits(), by: by, fired: -1)
  }

  func decider(_ by: PDecider, _ rule: Rule) -> Decider? {
    switch by {
    case .none: return nil
    case .condition(let c): return .condition(conditions[Int(c)])
    case .exclusion(let k, let c): return .exclusion(rule.unless[Int(k)].id.value, conditions[Int(c)])
    }
  }

  /// Indices of the facts read since `mark`, without repeats, in the order first read.
  func readsSince(_ mark: Int, _ s: PlanScratch) -> [Int] {
    guard s.tracing, mark < s.reads.count else { return [] }
    var out: [Int] = []
    for i in s.reads[mark...] where !out.contains(i) { out.append(i) }
    return out
  }

  // MARK: Decisions

  /// Decides decision `d` (once per case) into the scratch's memo.
  func decide(_ d: Int, _ s: inout PlanScratch) throws(EvalFailure) {
    if s.decisionGeneration[d] == s.generation { return }
    let code = self.code
    let pd = code.decisions[d]
    // Loading rejects cycles; this guard keeps a partial rule set (as `check` sees it) from recursing forever.
    guard !s.deciding[d] else {
      let model = decisionModels[d]
      throw EvalFailure("decision `\(model.name)` depends on itself", range: 0..<0).at(model.range)
    }
    s.deciding[d] = true
    defer { s.deciding[d] = false }
    let hit = pd.hit, tracing = s.tracing, first = Int(pd.ruleStart)
    /// Global index of the chosen rule `k` (-1: `otherwise`).
    @inline(__always) func at(_ k: Int32) -> Int { k < 0 ? Int(pd.otherwise) : first + Int(k) }
    let m0 = s.matchedStack.count, c0 = s.candidateStack.count, e0 = s.excludedStack.count
    // The trace is part of the result, so it is built in place rather than on a shared stack.
    var trace: [RuleTrace] = []
    if tracing { trace.reserveCapacity(Int(pd.ruleCount)) }
    var missing = FactBits()
    var blocked = false  // an earlier rule is unknown (first/unique)
    for k in 0..<Int(pd.ruleCount) {
      let rule = code.rules[first + k]
      let mark = s.reads.count
      if hit == .first && s.matchedStack.count > m0 {
        guard tracing else { break }
        trace.append(RuleTrace(rule: rules[first + k], result: .notReached, decider: nil, reads: [], context: s.traceContext!))
        continue
      }
      let v = try verdict(rule, &s)
      if tracing {
        let model = rules[first + k]
        trace.append(RuleTrace(rule: model, result: v.state, decider: decider(v.by, model),
                               reads: readsSince(mark, s), missing: v.missing.indices, context: s.traceContext!))
      }
      if v.fired >= 0 { s.excludedStack.append(v.fired) }
      switch v.state {
      case .matched:
        if hit == .unique, s.matchedStack.count > m0 {
          let other = rules[first + Int(s.matchedStack[m0])], this = rules[first + k]
          throw EvalFailure(
            "decision `\(decisionModels[d].name)` is `unique`, but rules `\(other.id.value)` and `\(this.id.value)` both match",
            help: "make their conditions exclusive, or use `hit: first`", range: 0..<0
          ).at(this.id.range)
        }
        s.matchedStack.append(Int32(k))
        if hit != .collect { s.candidateStack.append(rule.outcome) }
      case .unknown:
        missing.formUnion(v.missing)
        s.candidateStack.append(rule.outcome)
        if hit != .collect { blocked = true }
      default: break
      }
      if hit == .first && blocked && s.matchedStack.count > m0 { break }
    }
    let matchedCount = s.matchedStack.count - m0
    // Under `first` an earlier unknown rule leaves the decision open even if a later one matches;
    // under `unique` any unknown rule does (it could be a second match); under `collect` any unknown rule.
    let open = hit == .collect ? s.candidateStack.count > c0 : blocked
    // The chosen rules: `matchedStack[m0..<chosenEnd]` (indices into the decision's rules), or
    // `otherwise` alone. Index loops rather than slices, which would retain the stack's buffer.
    var chosenEnd = m0, chosenOtherwise = false
    if open && hit != .collect {
    } else if matchedCount == 0 && !open {
      chosenOtherwise = pd.otherwise >= 0
    } else {
      chosenEnd = s.matchedStack.count
    }
    let chosenCount = chosenOtherwise ? 1 : chosenEnd - m0
    var determined = !open
    var deadline: CalendarDate?
    if !open || hit == .collect {
      for j in 0..<chosenCount {
        let k = chosenOtherwise ? -1 : s.matchedStack[m0 + j]
        let rule = code.rules[at(k)]
        guard rule.deadline >= 0 else { continue }
        let mark = s.reads.count
        let t: PTri
        do throws(EvalFailure) { t = try run(code, rule.deadline, &s) } catch {
          throw error.at(code.sites[Int(rule.deadlineSite)])
        }
        // The facts the deadline read belong in the matching rule's trace too ("why this date").
        if tracing, k >= 0 {
          let extra = readsSince(mark, s)
          let unsettled = if case .unknown(let m) = t { m } else { FactBits() }
          if !extra.isEmpty || !unsettled.isEmpty {
            let i = Int(k)
            trace[i] = trace[i].adding(reads: extra, missing: FactSet(sorted: unsettled.indices))
          }
        }
        switch t {
        case .known(.date(let x)): deadline = deadline.map { min($0, x) } ?? x
        case .unknown(let m):
          determined = false
          missing.formUnion(m)
        default: break
        }
      }
    }
    if hasDues {
      let start = s.chosenRules.count
      for j in 0..<(chosenOtherwise ? 0 : chosenCount) {
        let k = s.matchedStack[m0 + j]
        if code.rules[at(k)].whenID >= 0 { s.chosenRules.append(k) }
      }
      s.chosenRange[d] = start..<s.chosenRules.count
    }
    // The chosen rules' outcomes, rule ids and obligations (without repeats), and the exclusions
    // that fired, as ids: what expressions read of this decision, and the result's lists.
    var lists = DecisionLists(start: s.listIDs.count)
    if determined || hit == .collect {
      for j in 0..<chosenCount {
        let o = code.rules[at(chosenOtherwise ? -1 : s.matchedStack[m0 + j])].outcome
        if !s.listIDs.contains(o, from: lists.start) { s.listIDs.append(o) }
      }
    }
    lists.rulesStart = s.listIDs.count
    var firstRule: Int32 = -1
    for j in 0..<(chosenOtherwise ? 0 : chosenCount) {
      let rule = code.rules[at(s.matchedStack[m0 + j])]
      guard rule.whenID >= 0 else { continue }
      s.listIDs.append(rule.id)
      if firstRule < 0 { firstRule = rule.id }
    }
    lists.obligationsStart = s.listIDs.count
    for j in 0..<chosenCount {
      let rule = code.rules[at(chosenOtherwise ? -1 : s.matchedStack[m0 + j])]
      for i in Int(rule.obligationStart)..<Int(rule.obligationEnd) {
        let o = code.pool[i]
        if !s.listIDs.contains(o, from: lists.obligationsStart) { s.listIDs.append(o) }
      }
    }
    lists.excludedStart = s.listIDs.count
    for j in e0..<s.excludedStack.count { s.listIDs.append(code.exclusions[Int(s.excludedStack[j])].id) }
    lists.end = s.listIDs.count
    s.lists[d] = lists
    let status: DecisionResult.Status = !determined ? .undetermined
      : deadline.map { s.asOf <= $0 ? .active : .expired } ?? .none
    let outcomeID: Int32 = hit == .collect || !determined || lists.rulesStart == lists.start ? -1 : s.listIDs[lists.start]
    if !s.lean {
      var possible: [String] = []
      if open {
        var ids = Array(s.candidateStack[c0...])
        // With no certain match, the fall-back is possible too (if every unknown rule turns out false).
        if hit != .collect, matchedCount == 0, pd.otherwise >= 0 { ids.append(code.rules[Int(pd.otherwise)].outcome) }
        for id in ids {
          let text = strings.texts[Int(id)]
          if !possible.contains(text) { possible.append(text) }
        }
      }
      var missingNames: [String] = []
      if !missing.isEmpty {
        missingNames = missing.indices.sorted { factNameRank[$0] < factNameRank[$1] }.map { ruleSet.facts[$0].name }
      }
      func texts(_ r: Range<Int>) -> [String] { r.map { strings.texts[Int(s.listIDs[$0])] } }
      // The name and hit policy alone: copying the whole `Decision` retains each of its fields.
      s.decisionResult[d] = DecisionResult(
        name: decisionNames[d], hit: hit.policy, determined: determined, outcome: outcomeID < 0 ? nil : strings.texts[Int(outcomeID)],
        outcomes: texts(lists.start..<lists.rulesStart), rules: texts(lists.rulesStart..<lists.obligationsStart),
        deadline: determined ? deadline : nil, status: status,
        obligations: texts(lists.obligationsStart..<lists.excludedStart),
        excluded: s.excludedStack[e0...].map { exclusionHits[Int($0)] }, possible: possible, missingFacts: missingNames,
        trace: trace)
    }
    s.decisionRecord[d] = DecisionRecord(
      determined: determined, outcome: outcomeID, firstRule: firstRule, deadline: determined ? deadline : nil,
      status: statusIDs[status.index], statusIndex: Int8(status.index), missing: missing)
    s.decisionGeneration[d] = s.generation
    s.matchedStack.shrink(to: m0)
    s.candidateStack.shrink(to: c0)
    s.excludedStack.shrink(to: e0)
  }
}

extension Array where Element == Int32 {
  /// `self[from...].contains(x)`, without making a slice (which retains the buffer).
  @inline(__always) func contains(_ x: Int32, from: Int) -> Bool {
    var i = from
    while i < count {
      if self[i] == x { return true }
      i += 1
    }
    return false
  }

  /// Drops the elements from `n` on, keeping the capacity.
  @inline(__always) mutating func shrink(to n: Int) {
    while count > n { removeLast() }
  }
}

extension Program {
  /// One rule's verdict for the case the scratch was begun with (the lints' searches), with the
  /// facts (ascending indices) an unknown verdict waits for. Decisions it reads are decided on demand.
  func verdict(of rule: Rule, _ s: inout PlanScratch) throws(EvalFailure) -> (state: RuleTrace.Result, missing: [Int]) {
    guard let (d, k) = ruleIndex[ObjectIdentifier(rule)] else { preconditionFailure("rule of another rule set") }
    let pd = code.decisions[d]
    let v = try verdict(code.rules[k < 0 ? Int(pd.otherwise) : Int(pd.ruleStart) + k], &s)
    return (v.state, v.missing.indices)
  }
}

extension PlanScratch {
  /// Starts a case given as one value per declared fact (nil: unknown), without traces.
  package mutating func begin(_ facts: [Value?], asOf: CalendarDate) {
    begin(facts: facts, asOf: asOf, tracing: false)
  }
}
