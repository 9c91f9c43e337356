import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// One rule-set version, ready for batch work: loaded, with its fact slots, digest, overrides in
/// force and the `--select` paths resolved. Shared read-only by every worker, which picks the version
/// for a record by it; the full path evaluates with the worker's own copy (`BatchFullPath.copy`).
final class BatchVersion: Sendable {
  let ruleSet: RuleSet
  let slots: FactSlots
  let digest: String
  let overrides: [(String, Value)]
  let select: SelectPlan?
  /// The `--select` columns answered from the program's scratch, when every path can be.
  let answers: SelectAnswers?
  /// Loads the same rule set again, for a worker's own copy (`BatchFullPath`); nil when it cannot.
  let reload: (@Sendable () -> RuleSet?)?

  init(ruleSet: RuleSet, digest: String, overrides: [(String, Value)], select: [SelectPath]?,
       reload: (@Sendable () -> RuleSet?)? = nil) {
    self.ruleSet = ruleSet
    self.reload = reload
    slots = FactSlots(ruleSet)
    self.digest = digest
    self.overrides = overrides
    self.select = select.map { SelectPlan(paths: $0, ruleSet: ruleSet) }
    answers = self.select.flatMap { SelectAnswers(plan: $0, ruleSet: ruleSet) }
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
  /// Answer `--select` from the program's scratch when the paths allow (false: always through a
  /// full `Evaluation`; the tests compare the two).
  var lean = true

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

/// Plan scratch for the lean `--select` path: one per program (a batch may span rule-set versions;
/// there are few). The full path keeps its own (`BatchFullPath`).
enum BatchEvaluation {
  struct Scratch {
    private var programs: [ObjectIdentifier] = []
    var spaces: [PlanScratch] = []

    /// The index in `spaces` of `program`'s scratch (made on first use).
    mutating func index(for program: Program) -> Int {
      let key = ObjectIdentifier(program)
      if let i = programs.firstIndex(of: key) { return i }
      programs.append(key)
      spaces.append(program.makeScratch())
      return spaces.count - 1
    }
  }
}
