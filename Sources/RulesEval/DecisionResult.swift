import RulesExpr
import RulesModel

/// What one decision decided for one case, with the trace that explains it. A final class:
/// decisions that read other decisions' results share it rather than copy a dozen fields.
package final class DecisionResult: Hashable, Sendable {
  package enum Status: String, Hashable, Sendable { case active, expired, none, undetermined }

  package let name: String
  package let hit: HitPolicy
  /// False when facts are missing: the outcome, or its deadline, cannot be settled.
  package let determined: Bool
  /// `first`/`unique`: the outcome (nil when nothing matched and there is no `otherwise`, or undetermined).
  package let outcome: String?
  /// Every outcome (one for `first`/`unique`; the distinct matches for `collect`).
  package let outcomes: [String]
  /// Ids of the rules that matched.
  package let rules: [String]
  package let deadline: CalendarDate?
  package let status: Status
  package let obligations: [String]
  package let excluded: [ExclusionHit]
  /// Outcomes that unknown rules could still give.
  package let possible: [String]
  /// Unknown facts whose values would settle the decision (names, sorted).
  package let missingFacts: [String]
  package let trace: [RuleTrace]

  package init(
    name: String, hit: HitPolicy, determined: Bool, outcome: String?, outcomes: [String], rules: [String],
    deadline: CalendarDate?, status: Status, obligations: [String], excluded: [ExclusionHit], possible: [String],
    missingFacts: [String], trace: [RuleTrace]
  ) {
    self.name = name
    self.hit = hit
    self.determined = determined
    self.outcome = outcome
    self.outcomes = outcomes
    self.rules = rules
    self.deadline = deadline
    self.status = status
    self.obligations = obligations
    self.excluded = excluded
    self.possible = possible
    self.missingFacts = missingFacts
    self.trace = trace
  }

  /// Results are equal when every field is.
  package static func == (a: DecisionResult, b: DecisionResult) -> Bool {
    a.name == b.name && a.hit == b.hit && a.determined == b.determined && a.outcome == b.outcome
      && a.outcomes == b.outcomes && a.rules == b.rules && a.deadline == b.deadline && a.status == b.status
      && a.obligations == b.obligations && a.excluded == b.excluded && a.possible == b.possible
      && a.missingFacts == b.missingFacts && a.trace == b.trace
  }

  package func hash(into h: inout Hasher) {
    h.combine(name)
    h.combine(outcomes)
    h.combine(deadline)
  }
}

/// An exclusion that fired: its rule, id and reason.
package struct ExclusionHit: Hashable, Sendable {
  package let rule: String
  package let exclusion: String
  package let reason: LocalizedText?
  package let source: Citation?
}

/// One rule as the evaluator considered it. Holds references (the rule, the case's facts) and
/// fact indices; names, values and citations are read from them when output asks, so recording a
/// trace costs the evaluator little.
package struct RuleTrace: Hashable, Sendable {
  package enum Result: String, Hashable, Sendable {
    case matched, notMatched = "not-matched", excluded, unknown, notReached = "not-reached"
  }
  let ruleRef: Rule
  package let result: Result
  /// The condition (or exclusion) that decided the result; printed only when output asks for it.
  package let decider: Decider?
  /// Indices of the facts read, in the order first read.
  let readIndices: [Int]
  /// Indices (ascending) of the unknown facts that would settle this rule (its condition, exclusions or,
  /// for a matching rule, its deadline); empty unless the rule is unknown or its deadline is.
  package let missingIndices: [Int]
  let context: TraceContext

  init(rule: Rule, result: Result, decider: Decider?, reads: [Int], missing: [Int] = [], context: TraceContext) {
    ruleRef = rule
    self.result = result
    self.decider = decider
    readIndices = reads
    missingIndices = missing
    self.context = context
  }

  /// The rule itself (output keeps per-rule fragments by its identity).
  package var ruleObject: Rule { ruleRef }
  package var rule: String { ruleRef.id.value }
  package var outcome: String { ruleRef.outcome }
  package var source: Citation? { ruleRef.source }

  /// The deciding condition as source text.
  package var decidedBy: String? {
    switch decider {
    case .condition(let c)?: return c.description
    case .exclusion(let id, let c)?: return "unless \(id): \(c.description)"
    case nil: return nil
    }
  }

  /// Names of the unknown facts that would settle this rule.
  package var missingFacts: [String] { missingIndices.map { context.facts[$0].name } }

  /// Facts the rule read, with their values (nil value: the fact is unknown).
  package var reads: [FactRead] {
    readIndices.map { FactRead(fact: context.facts[$0].name, value: context.values[$0]) }
  }

  /// The same entry with more facts read (those its deadline read).
  func adding(reads more: [Int], missing: FactSet = FactSet()) -> RuleTrace {
    RuleTrace(rule: ruleRef, result: result, decider: decider,
              reads: readIndices + more.filter { !readIndices.contains($0) },
              missing: FactSet(sorted: missingIndices).union(missing).items, context: context)
  }

  package static func == (a: RuleTrace, b: RuleTrace) -> Bool {
    a.rule == b.rule && a.result == b.result && a.decider == b.decider && a.reads == b.reads
      && a.missingIndices == b.missingIndices
  }

  package func hash(into h: inout Hasher) {
    h.combine(rule)
    h.combine(result)
  }
}

/// The declarations and values a trace's fact indices refer to: one per evaluation.
final class TraceContext: Sendable {
  let facts: [FactDecl]
  let values: [Value?]
  init(facts: [FactDecl], values: [Value?]) {
    self.facts = facts
    self.values = values
  }
}

/// What decided a rule: one of its conditions, or one of its exclusions.
package enum Decider: Hashable, Sendable {
  case condition(Condition)
  case exclusion(String, Condition)
}

/// A fact read during evaluation.
package struct FactRead: Hashable, Sendable {
  package let fact: String
  /// Nil when the fact is unknown (absent).
  package let value: Value?
}

/// Everything `eval` reports for one case.
package struct Evaluation: Sendable {
  package let ruleSet: RuleSet
  package let asOf: CalendarDate
  /// How the evaluation date was chosen: `option`, `facts` or `today`.
  package let asOfSource: String
  package let facts: Facts
  /// Results by decision index.
  package let results: [DecisionResult]
  /// Due dates of the obligations the results give, by obligation id (Evaluator+Due).
  package internal(set) var dues: [String: Due] = [:]

  /// Unknown facts any `main` decision needs.
  package var missingFacts: [String] {
    Array(Set(ruleSet.main.flatMap { results[$0].missingFacts })).sorted()
  }

  /// True when every `main` decision is determined.
  package var decided: Bool { ruleSet.main.allSatisfy { results[$0].determined } }
}
