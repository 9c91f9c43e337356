// libFuzzer target: what `check` and `diff` do to a rule set. Load it as `check` does (a partly
// broken set too), run every lint, then diff the set with itself, with --explore on a small
// budget: a set compared with itself must show no change. The input is rule files separated by
// "\n#@file\n" lines; anything after "\n#@facts\n" is ignored, so FuzzEval's seeds serve too
// (fuzz/make-seeds.sh also writes seeds that use every function and construct).
import FuzzSupport
import FuzzShim
import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheck(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // On a large stack, as the CLI runs (LargeStack): the limits allow more nesting than 8 MiB holds.
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  LargeStack.run { fuzzCheckBody(bytes) }
  return 0
}

func fuzzCheckBody(_ bytes: [UInt8]) {
  let rules = split(bytes, on: "\n#@facts\n")[0]
  let files = split(rules, on: "\n#@file\n").enumerated().map { RuleFile(path: "rules/\($0.offset).yaml", bytes: $0.element) }
  var limits = LoadLimits()
  limits.yaml.maxNodes = 100_000
  limits.maxRules = 1_000
  // `check`: every lint, on whatever loaded, with smaller search budgets than the CLI's.
  let (partial, found, used) = RuleSetLoader.check(files, location: "rules", limits: limits)
  var options = RuleSetLint.Options()
  // Small budgets: every search still runs, and more inputs run per second.
  options.searchBudget = 500
  options.totalBudget = 4_000
  if let partial {
    let lints = RuleSetLint.run(partial, loadDiagnostics: found, usedFacts: used, options: options)
    _ = DiagnosticsJSON.make(found + lints, extra: []).render()
  }
  _ = SeriesLint.overlaps(SeriesLint.versions([RuleSetCatalog.entry(files, location: "rules")]))
  // `diff`: only a set that loads without errors is compared.
  guard case .success(let rs) = RuleSetLoader.load(files, location: "rules", limits: limits) else { return }
  let diff = RuleSetDiff.compare(rs, rs)
  var explorer = Explorer(old: rs, new: rs, asOf: rs.header.effectiveFrom)
  explorer.budget = 20
  let report = DiffReport(diff: diff, explore: explorer.run())
  _ = report.text()
  _ = report.json().render()
  _ = report.markdown()
  if report.differs {
    fatalError("a rule set compared with itself shows a change:\n\(report.text())")
  }
}

#if !FUZZING
@main enum FuzzCheckReplay {
  static func main() { FuzzReplay.run(fuzzCheck) }
}
#endif
