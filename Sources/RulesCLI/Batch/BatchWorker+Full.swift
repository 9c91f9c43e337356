import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// The full path of a batch worker: each record bound to `Facts`, evaluated to an `Evaluation` and
/// written whole (JSON Lines with or without `--trace`, `--summary`, and `--select` paths the lean
/// path cannot answer). Each worker evaluates and renders with its own copy of every rule-set
/// version: its own `RuleSet` (loaded again from the same files), `Program`, scratch, fact slots,
/// digest, override values and cache of printed conditions: output reads dozens of the rule set's
/// strings, arrays and objects for every line, and a retain of an object shared between threads is
/// a contended atomic. Lines are written as they go (`BatchLine.full`), not built as JSON trees.
struct BatchFullPath {
  private var owned: [ObjectIdentifier: Own] = [:]
  private var last: (ObjectIdentifier, Own)?
  /// The input's name, the worker's own copy (every `Facts` holds it).
  private var file: String?
  /// Conditions printed for `--trace`, this worker's own (the shared cache has one lock for all).
  private let texts = ConditionTexts()

  /// One rule-set version as this worker alone holds it.
  final class Own {
    let version: BatchVersion
    let program: Program
    var scratch: PlanScratch

    init(_ version: BatchVersion) {
      self.version = version
      program = Program.compiled(version.ruleSet)
      scratch = program.makeScratch()
    }
  }

  /// Evaluates one record read into `record` with rule-set version `shared` and writes its line
  /// (or adds it to the summary).
  mutating func write(
    _ record: BatchRecord, skip: (Int, Int), bytes: UnsafeBufferPointer<UInt8>, shared: BatchVersion, setup: BatchSetup,
    line: Int, key: JSON, asOf: CalendarDate, asOfSource: String, stats: inout BatchStats, out: inout ByteOutput
  ) throws(RecordError) {
    let own = own(shared)
    let version = own.version
    if file == nil { file = Self.copy(setup.file) }
    let facts = try version.slots.bind(record, skip: skip, bytes: bytes, file: file!)
    let e: Evaluation
    do throws(EvaluationError) {
      e = try own.program.evaluate(facts, asOf: asOf, asOfSource: asOfSource, trace: setup.trace, scratch: &own.scratch)
    } catch {
      throw RecordError(error.diagnostic)
    }
    if e.decided { stats.decided += 1 } else { stats.undetermined += 1 }
    switch setup.output {
    case .summary: stats.add(e)
    case .jsonl:
      if let plan = version.select {
        plan.json(e, line: line, key: key, digest: version.digest, overrides: version.overrides, into: &out)
      } else {
        BatchLine.full(e, line: line, key: key, digest: version.digest, trace: setup.trace,
                       overrides: version.overrides, texts: texts, into: &out)
      }
    case .csv:
      version.select?.csv(e, line: line, key: key, digest: version.digest, overrides: version.overrides, into: &out)
    }
  }

  /// This worker's copy of `shared` (made on first use). Without a way to load it again, the
  /// shared version itself: the output is the same, only slower on several cores.
  private mutating func own(_ shared: BatchVersion) -> Own {
    let id = ObjectIdentifier(shared)
    if let (k, o) = last, k == id { return o }
    let o: Own
    if let known = owned[id] {
      o = known
    } else {
      o = Own(Self.copy(shared))
      owned[id] = o
    }
    last = (id, o)
    return o
  }

  /// A version with nothing in common with `v` but immutable literals.
  static func copy(_ v: BatchVersion) -> BatchVersion {
    guard let rs = v.reload?() else { return v }
    let overrides: [(String, Value)] = v.overrides.map { name, value in
      (copy(name), rs.constantIndex[name].map { rs.constants[$0].value } ?? value)
    }
    return BatchVersion(ruleSet: rs, digest: copy(v.digest), overrides: overrides, select: v.select?.paths)
  }

  /// A string with a storage of its own (a copy of a native string shares its buffer).
  static func copy(_ s: String) -> String {
    String(decoding: Array(s.utf8), as: UTF8.self)
  }
}
