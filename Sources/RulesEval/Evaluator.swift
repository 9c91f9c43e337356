import RulesExpr
import RulesModel
import RulesSource

/// Evaluates a rule set's decisions for one case. Pure: the evaluation date comes in, no clock is read.
package struct Evaluator: SymbolSource {
  let ruleSet: RuleSet
  let facts: Facts
  let asOf: CalendarDate
  var definitionMemo: [(Tri, [Int])?]
  var decisionMemoStore: [DecisionResult?]
  /// Facts read since the last reset (for traces).
  private var reads: [Int] = []
  /// Decisions being decided now, to stop a cycle that slipped through loading.
  var deciding: Set<Int> = []

  /// Whether to record traces (the rules considered and the facts they read). Off for batch
  /// callers that need only the answers; the answers are the same either way.
  let tracing: Bool
  /// Shared by every trace entry of this evaluation.
  let traceContext: TraceContext

  package init(ruleSet: RuleSet, facts: Facts, asOf: CalendarDate, trace: Bool = true) {
    self.ruleSet = ruleSet
    self.facts = facts
    self.asOf = asOf
    tracing = trace
    traceContext = TraceContext(facts: trace ? ruleSet.facts : [], values: trace ? facts.values : [])
    if trace { reads.reserveCapacity(64) }
    definitionMemo = Array(repeating: nil, count: ruleSet.definitions.count)
    decisionMemoStore = Array(repeating: nil, count: ruleSet.decisions.count)
  }

  /// Decides every decision (in dependency order) and returns the evaluation.
  package static func evaluate(
    _ ruleSet: RuleSet, facts: Facts, asOf: CalendarDate, asOfSource: String = "option", trace: Bool = true
  ) throws(EvaluationError) -> Evaluation {
    var e = Evaluator(ruleSet: ruleSet, facts: facts, asOf: asOf, trace: trace)
    var results: [DecisionResult?] = Array(repeating: nil, count: ruleSet.decisions.count)
    for d in ruleSet.decisionOrder {
      do { results[d] = try e.decide(d) } catch {
        throw EvaluationError(diagnostic: .error(
          .evaluationFailed, error.message, at: error.site ?? .file(ruleSet.location), help: error.help))
      }
    }
    var evaluation = Evaluation(ruleSet: ruleSet, asOf: asOf, asOfSource: asOfSource, facts: facts, results: results.map { $0! })
    evaluation.dues = try Dues.of(ruleSet, facts: facts, asOf: asOf, results: evaluation.results)
    return evaluation
  }

  // MARK: SymbolSource

  package mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri {
    switch symbol {
    case .fact(let i):
      if tracing { reads.append(i) }
      guard let v = facts.values[i] else { return .unknown(FactSet(i)) }
      return .known(v)
    case .constant(let i): return .known(ruleSet.constants[i].value)
    case .asOf: return .known(.date(asOf))
    case .table(let t): return .known(.row(table: t, index: -1))
    case .definition(let i):
      if let (t, r) = definitionMemo[i] {
        reads.append(contentsOf: r)
        return t
      }
      guard tracing else {
        let t = try condition(ruleSet.definitions[i].body).tri
        definitionMemo[i] = (t, [])
        return t
      }
      // Remember what the definition read, so a later rule that reuses it shows those reads too.
      let mark = reads.count
      let t = try condition(ruleSet.definitions[i].body).tri
      definitionMemo[i] = (t, Array(reads[mark...]))
      return t
    case .decision(let d, let field):
      let r: DecisionResult
      r = try decide(d)
      let missing = FactSet.named(r.missingFacts, in: ruleSet)
      // An undetermined decision has not considered every rule, so even its exclusions are open.
      if !r.determined { return .unknown(missing) }
      switch field {
      case .outcome: return .known(r.outcome.map(Value.string) ?? .none)
      case .outcomes: return .known(.list(r.outcomes.map(Value.string)))
      case .rule: return .known(r.rules.first.map(Value.string) ?? .none)
      case .rules: return .known(.list(r.rules.map(Value.string)))
      case .deadline: return .known(r.deadline.map(Value.date) ?? .none)
      case .status: return .known(.string(r.status.rawValue))
      case .excluded: return .known(.list(r.excluded.map { .string($0.exclusion) }))
      case .obligations: return .known(.list(r.obligations.map(Value.string)))
      }
    }
  }

  package func isGiven(fact index: Int) -> Bool { facts.values[index] != nil }
  package func lookup(table: Int, key: String) -> Int? { ruleSet.tables[table].lookup(key) }
  package func cell(table: Int, row: Int, column: Int) -> Value { ruleSet.tables[table].rows[row][column] }

  // MARK: Conditions

  /// A condition's value and the leaf that decided it.
  struct ConditionResult {
    let tri: Tri
    let decidedBy: Condition?
  }

  mutating func condition(_ c: Condition) throws(EvalFailure) -> ConditionResult {
    switch c {
    case .expr(let s):
      do {
        return ConditionResult(tri: try Interpreter.evaluate(s.typed, &self), decidedBy: c)
      } catch {
        throw error.at(s.range)
      }
    case .all(let cs):
      var missing = FactSet()
      var firstUnknown: Condition?
      for x in cs {
        let r = try condition(x)
        switch r.tri {
        case .known(.bool(false)): return r
        case .unknown(let m):
          missing = missing.union(m)
          firstUnknown = firstUnknown ?? r.decidedBy
        default: break
        }
      }
      return missing.isEmpty && firstUnknown == nil ? ConditionResult(tri: .true, decidedBy: nil)
        : ConditionResult(tri: .unknown(missing), decidedBy: firstUnknown)
    case .any(let cs):
      var missing = FactSet()
      var firstUnknown: Condition?
      for x in cs {
        let r = try condition(x)
        switch r.tri {
        case .known(.bool(true)): return r
        case .unknown(let m):
          missing = missing.union(m)
          firstUnknown = firstUnknown ?? r.decidedBy
        default: break
        }
      }
      return firstUnknown == nil ? ConditionResult(tri: .false, decidedBy: nil)
        : ConditionResult(tri: .unknown(missing), decidedBy: firstUnknown)
    case .not(let x):
      let r = try condition(x)
      if case .known(.bool(let b)) = r.tri { return ConditionResult(tri: .known(.bool(!b)), decidedBy: r.decidedBy) }
      return r
    }
  }

  /// Facts read since `mark`, deduplicated, with their values.
  /// Indices of the facts read since `mark`, without repeats, in the order first read.
  func readsSince(_ mark: Int) -> [Int] {
    guard tracing, mark < reads.count else { return [] }
    var out: [Int] = []
    for i in reads[mark...] where !out.contains(i) { out.append(i) }
    return out
  }

  var readMark: Int { reads.count }

  func decisionMemo(_ d: Int) -> DecisionResult? { decisionMemoStore[d] }
  mutating func storeDecision(_ d: Int, _ r: DecisionResult) { decisionMemoStore[d] = r }
}

extension FactSet {
  static func named(_ names: [String], in ruleSet: RuleSet) -> FactSet {
    names.compactMap { ruleSet.factIndex[$0] }.reduce(FactSet()) { $0.union(FactSet($1)) }
  }
}

/// An evaluation that cannot complete as the rules are written: two `unique` matches, a date
/// that does not exist. Points at the expression or rule.
package struct EvaluationError: Error, Sendable {
  package let diagnostic: Diagnostic
  package var message: String { diagnostic.message }
}
