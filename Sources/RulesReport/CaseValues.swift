import RulesEval
import RulesExpr
import RulesModel

/// Re-reads parts of conditions against a finished evaluation, so an explanation can name the
/// part of an `and` that failed or the part of an `or` that held. Reads the case's facts and the
/// decisions' results; evaluates nothing the evaluator has not already decided.
struct CaseValues: SymbolSource {
  let evaluation: Evaluation
  var rs: RuleSet { evaluation.ruleSet }

  /// Whether `e` is true (nil: unknown, not boolean, or it failed).
  func truth(_ e: TypedExpr) -> Bool? {
    var me = self
    guard case .known(.bool(let b))? = try? Interpreter.evaluate(e, &me) else { return nil }
    return b
  }

  func truth(_ c: Condition) -> Bool? {
    switch c {
    case .expr(let s): return truth(s.typed)
    case .not(let x): return truth(x).map { !$0 }
    case .all(let cs):
      var all: Bool? = true
      for x in cs {
        switch truth(x) {
        case false?: return false
        case nil: all = nil
        default: break
        }
      }
      return all
    case .any(let cs):
      var any: Bool? = false
      for x in cs {
        switch truth(x) {
        case true?: return true
        case nil: any = nil
        default: break
        }
      }
      return any
    }
  }

  mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri {
    switch symbol {
    case .fact(let i):
      guard let v = evaluation.facts.values[i] else { return .unknown(FactSet(i)) }
      return .known(v)
    case .constant(let i): return .known(rs.constants[i].value)
    case .asOf: return .known(.date(evaluation.asOf))
    case .table(let t): return .known(.row(table: t, index: -1))
    case .definition(let i):
      guard let b = truth(rs.definitions[i].body) else {
        // A non-boolean definition (a date, a text): evaluate its single expression.
        if case .expr(let s) = rs.definitions[i].body { return try Interpreter.evaluate(s.typed, &self) }
        return .unknown(FactSet())
      }
      return .known(.bool(b))
    case .decision(let d, let field):
      let r = evaluation.results[d]
      if !r.determined { return .unknown(FactSet()) }
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

  func isGiven(fact index: Int) -> Bool { evaluation.facts.values[index] != nil }
  func lookup(table: Int, key: String) -> Int? { rs.tables[table].lookup(key) }
  func cell(table: Int, row: Int, column: Int) -> Value { rs.tables[table].rows[row][column] }
}
