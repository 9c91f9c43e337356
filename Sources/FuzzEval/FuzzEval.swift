// libFuzzer target: load a whole rule set and evaluate a facts file against it, then render
// the result. The input is rule files and a facts file separated by marker lines:
//   <rule file 1> "\n#@file\n" <rule file 2> … "\n#@facts\n" <facts file>
// (fuzz/make-seeds.sh writes seeds in this form from rules/ and Tests/).
import FuzzSupport
import FuzzShim
import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import RulesYAML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEval(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // On a large stack, as the CLI runs (LargeStack): the limits allow more nesting than 8 MiB holds.
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  LargeStack.run { fuzzEvalBody(bytes) }
  return 0
}

func fuzzEvalBody(_ bytes: [UInt8]) {
  let halves = split(bytes, on: "\n#@facts\n")
  let files = split(halves[0], on: "\n#@file\n").enumerated().map { RuleFile(path: "rules/\($0.offset).yaml", bytes: $0.element) }
  var limits = LoadLimits()
  limits.yaml.maxNodes = 100_000
  limits.maxRules = 1_000
  guard case .success(let ruleSet) = RuleSetLoader.load(files, location: "rules", limits: limits) else { return }
  let factsBytes = halves.count > 1 ? halves[1] : []
  guard let doc = try? FactsDocument.parse(factsBytes, path: "facts.yaml", limits: limits.yaml),
    let facts = try? doc.bind(to: ruleSet)
  else { return }
  let asOf = doc.asOf ?? CalendarDate(year: 2024, month: 7, day: 1)!
  // Differential: the compiled program must agree with the tree-walking evaluator (the oracle).
  let oracle = try? Evaluator.evaluate(ruleSet, facts: facts, asOf: asOf)
  let evaluation = try? Program.evaluate(ruleSet, facts: facts, asOf: asOf)
  precondition(oracle?.results == evaluation?.results, "the compiled program and the evaluator disagree")
  guard let evaluation else { return }
  _ = EvaluationJSON.make(evaluation, digest: "0", trace: true).render()
  var text = EvaluationText(color: false, explain: true)
  text.language = "both"
  _ = text.render(evaluation)
}

#if !FUZZING
@main enum FuzzEvalReplay {
  static func main() { FuzzReplay.run(fuzzEval) }
}
#endif
