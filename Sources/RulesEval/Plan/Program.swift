import RulesExpr
import RulesModel
import RulesSource

/// A checked rule set compiled for evaluation: names are integer ids, texts are interned, every
/// condition, exclusion and deadline is a pre-built closure, and hit policies run over rule
/// indices. Immutable and `Sendable`: one program serves every worker, each with its own
/// `PlanScratch`. Answers are those of the tree-walking `Evaluator`, which a differential test
/// keeps as the oracle.
package final class Program: Sendable {
  package let ruleSet: RuleSet
  let strings: StringTable
  let factCount: Int
  let definitionCount: Int
  let definitions: [CondFn]
  let decisions: [PDecision]
  /// `ruleSet.decisionOrder` and `ruleSet.main`, kept here so the hot path does not reach into the rule set.
  let decisionOrder: [Int]
  let main: [Int]
  /// Obligation due dates by decision (nil: the rule set has no `due:`).
  let dues: [PDues]?
  /// Conditions that may decide a rule, by id (for traces).
  let conditions: [Condition]
  let constants: [PV]
  /// Table cells as plan values: [table][row][column].
  let cells: [[[PV]]]
  /// Interned `active`, `expired`, `none`, `undetermined`, by `Status.index`.
  let statusIDs: [Int32]
  /// Rank of each fact's name in sorted order, to sort missing facts without comparing strings.
  let factNameRank: [Int]
  /// Where each rule lives (decision, index; -1 for `otherwise`), for the lints' searches.
  let ruleIndex: [ObjectIdentifier: (decision: Int, rule: Int)]

  /// Compiles `ruleSet`. Never fails: a construct that cannot run fails at evaluation, exactly
  /// where the tree-walking evaluator would.
  package init(_ ruleSet: RuleSet) {
    var c = PlanCompiler(ruleSet)
    // A copy without the cache that will hold this program, so the two do not keep each other alive.
    self.ruleSet = ruleSet.detached()
    factCount = ruleSet.facts.count
    definitionCount = ruleSet.definitions.count
    constants = c.constants
    cells = c.cells
    definitions = ruleSet.definitions.map { CondFn(c.condition($0.body)) }
    var index: [ObjectIdentifier: (Int, Int)] = [:]
    decisions = ruleSet.decisions.enumerated().map { d, decision in
      for (k, r) in decision.rules.enumerated() { index[ObjectIdentifier(r)] = (d, k) }
      if let o = decision.otherwise { index[ObjectIdentifier(o)] = (d, -1) }
      return c.decision(decision)
    }
    ruleIndex = index
    decisionOrder = ruleSet.decisionOrder
    main = ruleSet.main
    dues = c.dues()
    statusIDs = DecisionResult.Status.ordered.map { c.strings.intern($0.rawValue) }
    var rank = [Int](repeating: 0, count: ruleSet.facts.count)
    for (r, i) in ruleSet.facts.indices.sorted(by: { ruleSet.facts[$0].name < ruleSet.facts[$1].name }).enumerated() {
      rank[i] = r
    }
    factNameRank = rank
    conditions = c.conditions
    strings = c.strings
    strings.freeze()
  }

  /// Scratch space for one worker; reuse it for every case it evaluates.
  package func makeScratch() -> PlanScratch { PlanScratch(program: self) }

  /// Decides every decision for one case, as `Evaluator.evaluate` does.
  package func evaluate(
    _ facts: Facts, asOf: CalendarDate, asOfSource: String = "option", trace: Bool = true, scratch: inout PlanScratch
  ) throws(EvaluationError) -> Evaluation {
    precondition(scratch.program === self, "scratch made by another program")
    scratch.begin(facts: facts.values, asOf: asOf, tracing: trace)
    if trace { scratch.traceContext = TraceContext(facts: ruleSet.facts, values: facts.values) }
    try decideAll(&scratch)
    var results: [DecisionResult] = []
    results.reserveCapacity(decisions.count)
    for d in decisions.indices { results.append(scratch.decisionResult[d]!) }
    if trace { scratch.traceContext = nil }
    var evaluation = Evaluation(ruleSet: ruleSet, asOf: asOf, asOfSource: asOfSource, facts: facts, results: results)
    // Obligation due dates from the results alone, as `Dues.of` works them out, but compiled.
    evaluation.dues = try duesOrFail(&scratch, collect: true)
    return evaluation
  }

  /// Decides every decision of a case begun with `scratch.beginBound(asOf:)` whose facts
  /// `FactSlots.bind(_:into:)` wrote: the answers stay in the scratch as ids (read them with
  /// `PlanScratch.determined(_:)` and friends), and no `Facts`, `DecisionResult` or `Evaluation`
  /// is made. Due dates are worked out and dropped, so that a `due:` that fails fails the case
  /// exactly as `evaluate` does.
  package func decide(_ scratch: inout PlanScratch) throws(EvaluationError) {
    precondition(scratch.program === self && scratch.bound, "scratch not begun with beginBound")
    try decideAll(&scratch)
    _ = try duesOrFail(&scratch, collect: false)
  }

  /// True when every `main` decision of the case just decided is determined.
  package func decided(_ scratch: inout PlanScratch) -> Bool {
    main.allSatisfy { scratch.decisionRecord[$0].determined }
  }

  /// Interned text `id` (outcomes, rule, obligation and exclusion ids of this rule set).
  package func text(_ id: Int32) -> String { strings.texts[Int(id)] }

  /// How many texts are interned (ids are 0..<textCount).
  package var textCount: Int { strings.texts.count }

  private func decideAll(_ scratch: inout PlanScratch) throws(EvaluationError) {
    for d in decisionOrder {
      do { try decide(d, &scratch) } catch { throw failed(error) }
    }
  }

  private func duesOrFail(_ scratch: inout PlanScratch, collect: Bool) throws(EvaluationError) -> [String: Due] {
    do { return try dues(&scratch, collect: collect) } catch { throw failed(error) }
  }

  private func failed(_ error: EvalFailure) -> EvaluationError {
    EvaluationError(diagnostic: .error(
      .evaluationFailed, error.message, at: error.site ?? .file(ruleSet.location), help: error.help))
  }

  /// The same call as `Evaluator.evaluate`, on the program cached with `ruleSet`.
  package static func evaluate(
    _ ruleSet: RuleSet, facts: Facts, asOf: CalendarDate, asOfSource: String = "option", trace: Bool = true
  ) throws(EvaluationError) -> Evaluation {
    let p = compiled(ruleSet)
    var scratch = p.makeScratch()
    let e = try p.evaluate(facts, asOf: asOf, asOfSource: asOfSource, trace: trace, scratch: &scratch)
    // The caller's rule set, which carries the cached program, rather than the program's copy.
    var out = Evaluation(ruleSet: ruleSet, asOf: asOf, asOfSource: asOfSource, facts: facts, results: e.results)
    out.dues = e.dues
    return out
  }

  /// The program for `ruleSet`, compiled once and kept with it (copies of a rule set share it).
  package static func compiled(_ ruleSet: RuleSet) -> Program {
    ruleSet.cache.value { Program(ruleSet) }
  }

  /// The value of `e`, an expression of this rule set, for one case (`diff --explore` asks with
  /// every fact unknown, to find the constants facts are compared with).
  package func value(of e: TypedExpr, facts: [Value?], asOf: CalendarDate) throws(EvalFailure) -> Tri {
    let f = closure(PlanCompiler(adding: self).expr(e))
    var s = makeScratch()
    s.begin(facts: facts, asOf: asOf, tracing: false)
    switch try f(&s) {
    case .known(let v): return .known(s.value(v))
    case .unknown(let m): return .unknown(FactSet(sorted: m.indices))
    }
  }
}

extension DecisionResult.Status {
  static let ordered: [Self] = [.active, .expired, .none, .undetermined]
  var index: Int {
    switch self {
    case .active: return 0
    case .expired: return 1
    case .none: return 2
    case .undetermined: return 3
    }
  }
}

/// Interned texts: every enum value, literal, outcome, rule and exclusion id of the rule set.
/// Filled while compiling, read-only afterwards.
final class StringTable: @unchecked Sendable {
  private(set) var texts: [String] = []
  private(set) var ids: [String: Int32] = [:]
  /// Set once the program is built; from then on the table is only read.
  private(set) var frozen = false

  func freeze() { frozen = true }

  func intern(_ s: String) -> Int32 {
    precondition(!frozen || ids[s] != nil, "interning into a finished program")
    if let id = ids[s] { return id }
    let id = Int32(texts.count)
    texts.append(s)
    ids[s] = id
    return id
  }
}

typealias PExpr = @Sendable (inout PlanScratch) throws(EvalFailure) -> PTri

/// A closure in a struct: arrays and optionals of a bare function type store it in its most
/// general form and call it through a reabstraction thunk; a struct field keeps the direct form.
struct ExprFn: Sendable {
  let run: PExpr
  init(_ run: @escaping PExpr) { self.run = run }
}

struct CondFn: Sendable {
  let run: PCond
  init(_ run: @escaping PCond) { self.run = run }
}

/// A condition's value and the id of the condition that decided it (-1: none).
struct CondOut {
  var tri: PTri
  var by: Int32
}

typealias PCond = @Sendable (inout PlanScratch) throws(EvalFailure) -> CondOut

// Final classes rather than structs: the hot loop passes them around, and a struct of a dozen
// reference-counted fields costs a retain and a release for each field on every copy.
final class PDecision: Sendable {
  let decision: Decision
  let hit: HitPolicy
  let rules: [PRule]
  let otherwise: PRule?

  init(decision: Decision, rules: [PRule], otherwise: PRule?) {
    self.decision = decision
    hit = decision.hit
    self.rules = rules
    self.otherwise = otherwise
  }
}

final class PRule: Sendable {
  let rule: Rule
  let when: CondFn?
  /// Id of `rule.when` as a whole (-1 when the rule has none).
  let whenID: Int32
  let unless: [PExclusion]
  let deadline: ExprFn?
  let outcome: Int32
  /// The rule's own id, interned.
  let id: Int32
  /// The rule's obligations, without repeats, interned.
  let obligationIDs: [Int32]

  init(rule: Rule, when: CondFn?, whenID: Int32, unless: [PExclusion], deadline: ExprFn?, outcome: Int32, id: Int32,
       obligationIDs: [Int32]) {
    self.rule = rule
    self.when = when
    self.whenID = whenID
    self.unless = unless
    self.deadline = deadline
    self.outcome = outcome
    self.id = id
    self.obligationIDs = obligationIDs
  }
}

final class PExclusion: Sendable {
  let when: PCond
  let whenID: Int32
  let hit: ExclusionHit
  /// The exclusion's id, interned.
  let id: Int32

  init(when: @escaping PCond, whenID: Int32, hit: ExclusionHit, id: Int32) {
    self.when = when
    self.whenID = whenID
    self.hit = hit
    self.id = id
  }
}
