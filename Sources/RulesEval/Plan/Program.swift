import RulesExpr
import RulesModel
import RulesSource

/// A checked rule set compiled for evaluation: names are integer ids, texts are interned, every
/// condition, exclusion, deadline and due date is a run of plain-data instructions (`Code`), and
/// hit policies run over rule indices. Immutable and `Sendable`: one program may serve every
/// worker, each with its own `PlanScratch`. Answers are those of the tree-walking `Evaluator`,
/// which a differential test keeps as the oracle.
package final class Program: Sendable {
  package let ruleSet: RuleSet
  let strings: StringTable
  let factCount: Int
  let definitionCount: Int
  let decisionCount: Int
  /// The instructions and tables, as bare pointers into `storage`.
  let code: Code
  private let storage: CodeStorage
  /// The rule of each lowered rule (`code.rules`), for traces and messages.
  let rules: [Rule]
  /// The decision of each lowered decision, and its name.
  let decisionModels: [Decision]
  let decisionNames: [String]
  /// What each lowered exclusion reports when it fires.
  let exclusionHits: [ExclusionHit]
  /// `ruleSet.decisionOrder` and `ruleSet.main`, kept here so the hot path does not reach into the rule set.
  let decisionOrder: [Int]
  let main: [Int]
  /// True when the rule set has a `due:`; the obligation id of each `code.dueItems`.
  let hasDues: Bool
  let dueIDs: [String]
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
    decisionCount = ruleSet.decisions.count
    constants = c.constants
    cells = c.cells
    var definitionRoots: [Int32] = []
    for d in ruleSet.definitions { definitionRoots.append(c.condition(d.body)) }
    c.code.definitions = definitionRoots
    var index: [ObjectIdentifier: (Int, Int)] = [:]
    var rules: [Rule] = []
    var hits: [ExclusionHit] = []
    for (d, decision) in ruleSet.decisions.enumerated() {
      for (k, r) in decision.rules.enumerated() { index[ObjectIdentifier(r)] = (d, k) }
      if let o = decision.otherwise { index[ObjectIdentifier(o)] = (d, -1) }
      c.decision(decision)
      for r in decision.rules + (decision.otherwise.map { [$0] } ?? []) {
        rules.append(r)
        for ex in r.unless {
          hits.append(ExclusionHit(rule: r.id.value, exclusion: ex.id.value, reason: ex.reason, source: ex.source))
        }
      }
    }
    ruleIndex = index
    self.rules = rules
    exclusionHits = hits
    decisionModels = ruleSet.decisions
    decisionNames = ruleSet.decisions.map(\.name)
    decisionOrder = ruleSet.decisionOrder
    main = ruleSet.main
    c.dues()
    hasDues = c.code.hasDues
    dueIDs = c.code.dueIDs
    statusIDs = DecisionResult.Status.ordered.map { c.strings.intern($0.rawValue) }
    var rank = [Int](repeating: 0, count: ruleSet.facts.count)
    for (r, i) in ruleSet.facts.indices.sorted(by: { ruleSet.facts[$0].name < ruleSet.facts[$1].name }).enumerated() {
      rank[i] = r
    }
    factNameRank = rank
    conditions = c.conditions
    strings = c.strings
    strings.freeze()
    let texts = c.strings.texts
    c.code.textCount = texts.count
    c.code.lookupRows = ruleSet.tables.flatMap { t in texts.map { Int32(t.lookup($0) ?? -1) } }
    storage = CodeStorage(c.code)
    code = storage.code
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
    results.reserveCapacity(decisionCount)
    for d in 0..<decisionCount { results.append(scratch.decisionResult[d]!) }
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
    var c = PlanCompiler(adding: self)
    let root = c.operand(c.expr(e))
    let extra = CodeStorage(c.code)
    var s = makeScratch()
    s.begin(facts: facts, asOf: asOf, tracing: false)
    defer { withExtendedLifetime(extra) {} }
    switch try run(extra.code, root, &s) {
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

/// A condition's value and the id of the condition that decided it (-1: none).
struct CondOut {
  var tri: PTri
  var by: Int32
}
