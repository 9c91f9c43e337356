import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// One rule-set version, ready for batch work: loaded, with its fact slots, digest, overrides in
/// force and the `--select` paths resolved. Shared read-only by every worker.
final class BatchVersion: Sendable {
  let ruleSet: RuleSet
  let slots: FactSlots
  let digest: String
  let overrides: [(String, Value)]
  let select: SelectPlan?

  init(ruleSet: RuleSet, digest: String, overrides: [(String, Value)], select: [SelectPath]?) {
    self.ruleSet = ruleSet
    slots = FactSlots(ruleSet)
    self.digest = digest
    self.overrides = overrides
    self.select = select.map { SelectPlan(paths: $0, ruleSet: ruleSet) }
  }
}

/// Everything a worker needs, fixed before the first record is read.
struct BatchSetup: @unchecked Sendable {
  enum Output { case jsonl, csv, summary }

  let catalog: RuleSetCatalog
  let series: String?
  /// Loaded versions by catalog location; a version that fails to load holds its diagnostics.
  let versions: [String: Result<BatchVersion, DiagnosticError>]
  let optionDate: CalendarDate?
  let today: CalendarDate
  let key: [UInt8]?
  let file: String
  let csvInput: Bool
  let output: Output
  let select: [SelectPath]?
  let trace: Bool

  /// The version in effect on `date`.
  func version(on date: CalendarDate) -> Result<BatchVersion, DiagnosticError> {
    do throws(DiagnosticError) {
      let entry = try catalog.select(on: date, series: series)
      return versions[entry.location] ?? .failure(DiagnosticError(.error(.noVersionInEffect, "no rule set for \(date)", at: .file(file))))
    } catch {
      return .failure(error)
    }
  }
}

/// The one call through which batch evaluates a case: the rule-set version's compiled `Program`,
/// shared by every worker, with `scratch`, each worker's own reusable space.
enum BatchEvaluation {
  /// One plan scratch per program (a batch may span rule-set versions).
  struct Scratch {
    var byProgram: [ObjectIdentifier: PlanScratch] = [:]
  }

  static func evaluate(_ v: BatchVersion, facts: Facts, asOf: CalendarDate, asOfSource: String, trace: Bool,
                       scratch: inout Scratch) throws(EvaluationError) -> Evaluation {
    let program = Program.compiled(v.ruleSet)
    let key = ObjectIdentifier(program)
    // Taken out and put back, so the dictionary never holds a second reference while it is used.
    var s = scratch.byProgram.removeValue(forKey: key) ?? program.makeScratch()
    defer { scratch.byProgram[key] = s }
    return try program.evaluate(facts, asOf: asOf, asOfSource: asOfSource, trace: trace, scratch: &s)
  }
}
