import RulesExpr
import RulesModel

/// Folding expressions that read no fact: the one constant folder of the lints, the program
/// compiler, the order-effect analysis and `diff --explore`.
///
/// `fold(_:in:)` evaluates with constants and constant definitions only: facts, decisions,
/// tables and `as_of` are unknown, so a known result is the same for every case on every day.
/// Its unknowns name no fact, so the interpreter must (and does) treat any unknown operand or
/// argument as making the whole call unknown, never drop it: `max(k, as_of)` is not `max(k)`.
/// `fold(_:in:asOf:)` fixes the day as well, and evaluates on the compiled program with every fact
/// unknown (a decision that needs no fact folds too): the same for every case on that day.
package struct ConstantFolder: SymbolSource {
  let ruleSet: RuleSet
  var depth = 0

  package mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri {
    switch symbol {
    case .constant(let i): return .known(ruleSet.constants[i].value)
    case .definition(let i):
      guard depth < 32, case .expr(let s) = ruleSet.definitions[i].body else { return .unknown(FactSet()) }
      depth += 1
      defer { depth -= 1 }
      return try Interpreter.evaluate(s.typed, &self)
    default: return .unknown(FactSet())
    }
  }
  package func isGiven(fact index: Int) -> Bool { false }
  package func lookup(table: Int, key: String) -> Int? { nil }
  package func cell(table: Int, row: Int, column: Int) -> Value { .none }

  /// The value of `e` when it depends on constants only; nil otherwise (or when it fails).
  package static func fold(_ e: TypedExpr, in rs: RuleSet) -> Value? {
    var f = ConstantFolder(ruleSet: rs)
    guard case .known(let v)? = try? Interpreter.evaluate(e, &f) else { return nil }
    return v
  }

  /// The value of `e` on day `asOf` when it reads no fact; nil otherwise (or when it fails, or is a
  /// table row, which is no value to compare with).
  package static func fold(_ e: TypedExpr, in rs: RuleSet, asOf: CalendarDate) -> Value? {
    let program = Program.compiled(rs)
    let unknown = [Value?](repeating: nil, count: rs.facts.count)
    guard case .known(let v)? = try? program.value(of: e, facts: unknown, asOf: asOf) else { return nil }
    if case .row = v { return nil }
    return v
  }
}
