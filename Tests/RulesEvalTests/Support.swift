import RulesEval
import RulesExpr
import RulesModel
import RulesSource
import RulesYAML

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

func evaluate(_ set: RuleSet, _ facts: String, asOf: String = "2024-07-01") throws -> Evaluation {
  let doc = try FactsDocument.parse(Array(facts.utf8), path: "facts.yaml")
  return try Evaluator.evaluate(set, facts: try doc.bind(to: set), asOf: try CalendarDate.parse(asOf))
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
