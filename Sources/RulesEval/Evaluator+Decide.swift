import RulesExpr
import RulesModel
import RulesSource

extension Evaluator {
  /// One rule's verdict under three-valued logic.
  struct RuleVerdict {
    let state: RuleTrace.Result
    let missing: FactSet
    let decidedBy: Decider?
    let fired: [ExclusionHit]
  }

  mutating func verdict(_ rule: Rule) throws(EvalFailure) -> RuleVerdict {
    let w = try rule.when.map { c throws(EvalFailure) in try condition(c) }
      ?? ConditionResult(tri: .true, decidedBy: nil)
    if w.tri == .false { return RuleVerdict(state: .notMatched, missing: FactSet(), decidedBy: w.decidedBy.map(Decider.condition), fired: []) }
    // Exclusions are read only when the rule could apply, so they ask for no needless facts.
    var missing = FactSet()
    var unknownBy: Decider?
    for ex in rule.unless {
      let x = try condition(ex.when)
      switch x.tri {
      case .known(.bool(true)):
        let hit = ExclusionHit(rule: rule.id.value, exclusion: ex.id.value, reason: ex.reason, source: ex.source)
        return RuleVerdict(state: .excluded, missing: FactSet(), decidedBy: .exclusion(ex.id.value, ex.when), fired: [hit])
      case .unknown(let m):
        missing = missing.union(m)
        unknownBy = unknownBy ?? .exclusion(ex.id.value, x.decidedBy ?? ex.when)
      default: break
      }
    }
    if case .unknown(let m) = w.tri {
      return RuleVerdict(state: .unknown, missing: m.union(missing), decidedBy: w.decidedBy.map(Decider.condition), fired: [])
    }
    if !missing.isEmpty || unknownBy != nil {
      return RuleVerdict(state: .unknown, missing: missing, decidedBy: unknownBy, fired: [])
    }
    return RuleVerdict(state: .matched, missing: FactSet(), decidedBy: (w.decidedBy ?? rule.when).map(Decider.condition), fired: [])
  }

  mutating func decide(_ d: Int) throws(EvalFailure) -> DecisionResult {
    if let r = decisionMemo(d) { return r }
    // Loading rejects cycles; this guard keeps a partial rule set (as `check` sees it) from recursing forever.
    guard deciding.insert(d).inserted else {
      throw EvalFailure("decision `\(ruleSet.decisions[d].name)` depends on itself", range: 0..<0)
        .at(ruleSet.decisions[d].range)
    }
    defer { deciding.remove(d) }
    let decision = ruleSet.decisions[d]
    var trace: [RuleTrace] = []
    if tracing { trace.reserveCapacity(decision.rules.count) }
    var matched: [Rule] = []
    // Outcomes still open, in rule order: unknown rules (and, under first/unique, certain matches).
    var candidates: [String] = []
    var missing = FactSet()
    var excluded: [ExclusionHit] = []
    var blocked = false  // an earlier rule is unknown (first/unique)
    for rule in decision.rules {
      let mark = readMark
      let stop = decision.hit == .first && !matched.isEmpty
      if stop {
        guard tracing else { break }
        trace.append(RuleTrace(rule: rule, result: .notReached, decider: nil, reads: [], context: traceContext))
        continue
      }
      let v = try verdict(rule)
      if tracing {
        trace.append(RuleTrace(rule: rule, result: v.state, decider: v.decidedBy, reads: readsSince(mark),
                               missing: v.missing.items, context: traceContext))
      }
      excluded += v.fired
      switch v.state {
      case .matched:
        if decision.hit == .unique, let other = matched.first {
          throw EvalFailure(
            "decision `\(decision.name)` is `unique`, but rules `\(other.id.value)` and `\(rule.id.value)` both match",
            help: "make their conditions exclusive, or use `hit: first`", range: 0..<0
          ).at(rule.id.range)
        }
        matched.append(rule)
        if decision.hit != .collect { candidates.append(rule.outcome) }
        if decision.hit == .first && blocked { break }
      case .unknown:
        missing = missing.union(v.missing)
        candidates.append(rule.outcome)
        if decision.hit != .collect { blocked = true }
      default: break
      }
      if decision.hit == .first && blocked && !matched.isEmpty { break }
    }
    // Under `first` an earlier unknown rule leaves the decision open even if a later one matches;
    // under `unique` any unknown rule does (it could be a second match); under `collect` any unknown rule.
    let open = decision.hit == .collect ? !candidates.isEmpty : blocked
    var possible: [String] = []
    if open {
      possible = candidates
      // With no certain match, the fall-back is possible too (if every unknown rule turns out false).
      if decision.hit != .collect, matched.isEmpty, let o = decision.otherwise { possible.append(o.outcome) }
      possible = unique(possible)
    }
    let chosen: [Rule] = open && decision.hit != .collect ? [] : (matched.isEmpty && !open ? decision.otherwise.map { [$0] } ?? [] : matched)
    var determined = !open
    var deadline: CalendarDate?
    if !open || decision.hit == .collect {
      for rule in chosen {
        guard let slot = rule.deadline else { continue }
        let mark = readMark
        let t: Tri
        do { t = try Interpreter.evaluate(slot.typed, &self) } catch { throw error.at(slot.range) }
        // The facts the deadline read belong in the matching rule's trace too ("why this date").
        if tracing, let i = trace.lastIndex(where: { $0.ruleRef === rule }) {
          let extra = readsSince(mark)
          let unsettled = if case .unknown(let m) = t { m } else { FactSet() }
          if !extra.isEmpty || !unsettled.isEmpty { trace[i] = trace[i].adding(reads: extra, missing: unsettled) }
        }
        switch t {
        case .known(.date(let x)): deadline = deadline.map { min($0, x) } ?? x
        case .unknown(let m):
          determined = false
          missing = missing.union(m)
        default: break
        }
      }
    }
    let outcomes = determined || decision.hit == .collect ? unique(chosen.map(\.outcome)) : []
    let status: DecisionResult.Status = !determined ? .undetermined
      : deadline.map { asOf <= $0 ? .active : .expired } ?? .none
    let result = DecisionResult(
      name: decision.name, hit: decision.hit, determined: determined,
      outcome: decision.hit == .collect || !determined ? nil : outcomes.first,
      outcomes: outcomes, rules: chosen.filter { $0.when != nil }.map(\.id.value), deadline: determined ? deadline : nil,
      status: status, obligations: unique(chosen.flatMap { $0.obligations.map(\.value) }), excluded: excluded,
      possible: open ? possible : [], missingFacts: missing.isEmpty ? [] : missing.map { ruleSet.facts[$0].name }.sorted(), trace: trace)
    storeDecision(d, result)
    return result
  }

  /// Distinct, in order; lists here are short, so a linear scan beats hashing.
  private func unique(_ xs: [String]) -> [String] {
    if xs.count < 2 { return xs }
    var out: [String] = []
    for x in xs where !out.contains(x) { out.append(x) }
    return out
  }
}
