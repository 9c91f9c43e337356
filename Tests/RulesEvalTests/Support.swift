import RulesEval
import RulesExpr
import RulesModel
import RulesSource
import RulesYAML
import Testing

/// Builds a rule set from YAML text for tests; fails with the rendered diagnostics.
func ruleSet(_ yaml: String) throws -> RuleSet {
  switch RuleSetLoader.load([RuleFile(path: "test.yaml", bytes: Array(yaml.utf8))], location: "test") {
  case .success(let s): return s
  case .failure(let e): throw e
  }
}

/// Load diagnostics for YAML text (empty when it loads).
func loadErrors(_ yaml: String) -> [Diagnostic] {
  switch RuleSetLoader.load([RuleFile(path: "test.yaml", bytes: Array(yaml.utf8))], location: "test") {
  case .success: return []
  case .failure(let e): return e.diagnostics
  }
}

/// Evaluates with the compiled `Program`, and checks that the tree-walking `Evaluator` (the oracle)
/// gives the same evaluation or the same failure, traced and untraced.
func evaluate(_ set: RuleSet, _ facts: String, asOf: String = "2024-07-01") throws -> Evaluation {
  let doc = try FactsDocument.parse(Array(facts.utf8), path: "facts.yaml")
  let bound = try doc.bind(to: set), date = try CalendarDate.parse(asOf)
  for trace in [false, true] {
    let oracle = Result { () throws(EvaluationError) in try Evaluator.evaluate(set, facts: bound, asOf: date, trace: trace) }
    let plan = Result { () throws(EvaluationError) in try Program.evaluate(set, facts: bound, asOf: date, trace: trace) }
    switch (oracle, plan) {
    case (.success(let a), .success(let b)): #expect(a.results == b.results, "program and evaluator differ (trace \(trace))")
    case (.failure(let a), .failure(let b)):
      #expect(a.message == b.message && a.diagnostic.range == b.diagnostic.range, "failures differ")
    default: Issue.record("one of program and evaluator failed: \(oracle) vs \(plan)")
    }
  }
  return try Program.evaluate(set, facts: bound, asOf: date)
}

extension Evaluation {
  subscript(_ name: String) -> DecisionResult { results[ruleSet.decisionIndex[name]!] }
}

/// A header plus `body`, for short rule sets.
func rules(_ body: String, main: String = "d") -> String {
  """
  ruleset: {id: t, series: t, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [\(main)]}
  \(body)
  """
}
