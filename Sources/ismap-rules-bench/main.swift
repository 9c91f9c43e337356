// Benchmarks for docs/performance.md. Run on a release build: `make bench`.
// Medians of repeated runs; the machine is noisy, so compare figures from one run.
import Foundation
import RulesEngine
import RulesEval
import RulesExpr
import RulesModel

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// A rule set with `n` rules over 20 facts, dates, enums, definitions and exclusions.
func generatedRuleSet(rules n: Int) -> String {
  var y = """
    ruleset: {id: bench, series: bench, decided_on: 2021-07-06, effective_from: 2021-07-06, main: [d0]}
    facts:

    """
  for i in 0..<10 { y += "  f.date\(i): {type: date, optional: true}\n" }
  for i in 0..<5 { y += "  f.flag\(i): bool\n" }
  for i in 0..<5 { y += "  f.kind\(i): {type: enum, values: [a, b, c, d]}\n" }
  y += "constants:\n  cutoff: 2021-07-06\n  span: 1 year\n"
  y += "definitions:\n"
  for i in 0..<10 {
    y += "  def\(i): \"f.date\(i) != none and f.date\(i) < cutoff and f.flag\(i % 5)\"\n"
  }
  y += "obligations:\n  report: {text: Report, source: s}\n"
  y += "decisions:\n"
  let perDecision = 10
  for d in 0..<(n / perDecision) {
    y += "  d\(d):\n    hit: first\n    rules:\n"
    for r in 0..<perDecision {
      let i = d * perDecision + r
      y += """
            - id: r\(i)
              source: clause \(i)
              when:
                - def\(i % 10)
                - f.kind\(i % 5) in ["a", "\(["b", "c", "d"][i % 3])"]
              unless:
                - id: x\(i)
                  when: "f.date\((i + 1) % 10) != none and f.date\((i + 1) % 10) >= cutoff"
                  reason: late
                  source: clause \(i)
              deadline: "period_end(f.date\(i % 10) ?? cutoff, span)"
              obligations: [report]

        """
    }
    y += "    otherwise: {outcome: none}\n"
  }
  return y
}

let facts = """
  f.date0: 2020-01-01
  f.date1: null
  f.date2: 2020-05-05
  f.date3: 2021-01-01
  f.date4: null
  f.date5: 2020-02-29
  f.date6: 2019-12-31
  f.date7: 2022-01-01
  f.date8: 2021-07-05
  f.date9: 2020-10-01
  f.flag0: true
  f.flag1: false
  f.flag2: true
  f.flag3: true
  f.flag4: false
  f.kind0: a
  f.kind1: b
  f.kind2: c
  f.kind3: d
  f.kind4: a
  """

let text = Array(generatedRuleSet(rules: 100).utf8)
let file = RuleFile(path: "bench.yaml", bytes: text)

// 1. Load and check a 100-rule rule set.
var loads: [Double] = []
var set: RuleSet!
for _ in 0..<30 {
  let t0 = now()
  guard case .success(let s) = RuleSetLoader.load([file], location: "bench") else {
    if case .failure(let e) = RuleSetLoader.load([file], location: "bench") { print(e.diagnostics.prefix(3)) }
    exit(1)
  }
  loads.append(Double(now() - t0) / 1e6)
  set = s
}
let rules = set.decisions.reduce(0) { $0 + $1.rules.count }
print(String(format: "load+check %d-rule rule set: median %.2f ms (min %.2f, %d runs)", rules, median(loads), loads.min()!, loads.count))

// 2. Evaluate one case in-process (facts already parsed and bound): the tree-walking evaluator
// (the differential test's oracle) and the compiled program, in the same run.
let doc = try FactsDocument.parse(Array(facts.utf8), path: "facts.yaml")
let bound = try doc.bind(to: set)
let asOf = try CalendarDate.parse("2021-08-01")

/// Median µs per call of `body`, over `runs` runs of `n` calls.
func perCall(runs: Int = 25, n: Int = 2000, _ body: () throws -> Void) rethrows -> (median: Double, min: Double) {
  var xs: [Double] = []
  for _ in 0..<runs {
    let t0 = now()
    for _ in 0..<n { try body() }
    xs.append(Double(now() - t0) / 1e3 / Double(n))
  }
  return (median(xs), xs.min()!)
}

/// Both evaluators on one case, traced and untraced.
func compareEvaluators(_ label: String, _ rs: RuleSet, _ f: Facts, _ day: CalendarDate) throws {
  let program = Program(rs)
  var scratch = program.makeScratch()
  for trace in [false, true] {
    let old = try perCall { _ = try Evaluator.evaluate(rs, facts: f, asOf: day, trace: trace) }
    let new = try perCall(n: 20000) { _ = try program.evaluate(f, asOf: day, trace: trace, scratch: &scratch) }
    print(String(format: "%@, %@: tree-walking Evaluator median %.2f µs (min %.2f); Program median %.2f µs (min %.2f); %.1f×",
                 label, trace ? "with traces" : "no traces", old.median, old.min, new.median, new.min, old.median / new.median))
  }
}

let profiling = ProcessInfo.processInfo.environment["BENCH_PROFILE"] != nil
if !profiling { try compareEvaluators("evaluate one case, generated \(rules)-rule set (\(set.decisions.count) decisions)", set, bound, asOf) }

// 2b. The same for the real ISMAP rules (2021-07-06) and the README's example case, with the
// time to load, check and compile them.
if FileManager.default.fileExists(atPath: "rules/ismap/2021-07-06"),
  let example = FileManager.default.contents(atPath: "examples/multi-year-contract.yaml")
{
  let files = try RuleSetCatalog.discover("rules/ismap/2021-07-06").entries[0].files
  var ismap: RuleSet!
  var loadOnly: [Double] = [], loadCompile: [Double] = []
  for _ in 0..<30 {
    let t0 = now()
    guard case .success(let rs) = RuleSetLoader.load(files, location: "rules/ismap/2021-07-06") else { exit(1) }
    let t1 = now()
    _ = Program(rs)
    let t2 = now()
    loadOnly.append(Double(t1 - t0) / 1e6)
    loadCompile.append(Double(t2 - t0) / 1e6)
    ismap = rs
  }
  let n = ismap.decisions.reduce(0) { $0 + $1.rules.count }
  print(String(format: "load+check the ISMAP 2021-07-06 rules (%d rules, from memory): median %.2f ms; load+check+compile: median %.2f ms (min %.2f)",
               n, median(loadOnly), median(loadCompile), loadCompile.min()!))
  let doc = try FactsDocument.parse(Array(example), path: "example")
  if let loops = ProcessInfo.processInfo.environment["BENCH_PROFILE"].flatMap(Int.init) {
    // For `perf record`: the compiled program alone on this case, `loops` times.
    let program = Program(ismap), f = try doc.bind(to: ismap)
    var scratch = program.makeScratch()
    let trace = ProcessInfo.processInfo.environment["BENCH_TRACE"] != nil
    for _ in 0..<loops { _ = try program.evaluate(f, asOf: doc.asOf ?? asOf, trace: trace, scratch: &scratch) }
    exit(0)
  }
  try compareEvaluators("evaluate the README example with the ISMAP rules (\(n) rules, \(ismap.decisions.count) decisions)",
                        ismap, try doc.bind(to: ismap), doc.asOf ?? asOf)
  try leanPath(ismap, try doc.bind(to: ismap), doc.asOf ?? asOf)
}

/// What `eval --batch --select` does per line: read the case as a JSON line, bind it into the
/// scratch's slots and decide into its records (no `Facts`, `DecisionResult` or `Evaluation`).
func leanPath(_ rs: RuleSet, _ f: Facts, _ day: CalendarDate) throws {
  func json(_ v: Value) -> String {
    switch v {
    case .none: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let x): return x == x.rounded() ? String(Int(x)) : String(x)
    case .list(let xs): return "[" + xs.map(json).joined(separator: ",") + "]"
    case .string(let t):
      return "\"" + t.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    case .date(let d): return "\"\(d)\""
    default: return "\"\(v)\""
    }
  }
  let line = Array(("{" + f.given.map { "\"\($0.name)\":" + json($0.value) }.joined(separator: ",") + "}").utf8)
  let program = Program.compiled(rs), slots = FactSlots(rs)
  var scratch = program.makeScratch(), record = BatchRecord()
  func one() throws {
    try line.withUnsafeBufferPointer { b in
      record.reset(line: 1)
      try JSONRecordReader().read(b, into: &record)
      scratch.beginBound(asOf: day)
      try slots.bind(record, skip: (-1, -1), bytes: b, file: "bench", into: &scratch)
      try program.decide(&scratch)
    }
  }
  try one()
  let full = try Program.evaluate(rs, facts: f, asOf: day, trace: false)
  precondition(program.decided(&scratch) == full.decided, "the lean path and evaluate disagree")
  let t = try perCall(n: 20000) { try one() }
  print(String(format: "the same case as batch --select runs it (read the JSON line, bind into the slots, decide; no Evaluation): median %.2f µs (min %.2f)",
               t.median, t.min))
}

// 2c. Scale in rules: one `first` decision of n rules; the case matches rule 4 (early) or the
// last rule (late). Untraced evaluation reads only the rules up to the match.
func scaleRuleSet(rules n: Int) -> String {
  var y = """
    ruleset: {id: scale, series: scale, decided_on: 2021-07-06, effective_from: 2021-07-06, main: [d]}
    facts:
      n: number
      kind: {type: enum, values: [a, b, c]}
    decisions:
      d:
        hit: first
        rules:

    """
  for i in 0..<n {
    y += "      - {id: r\(i), outcome: o\(i % 50), when: 'n == \(i) and kind in [\"a\", \"b\"]', source: s}\n"
  }
  y += "    otherwise: {outcome: none}\n"
  return y
}
for n in [10, 100, 1000, 10000] {
  let file = RuleFile(path: "scale.yaml", bytes: Array(scaleRuleSet(rules: n).utf8))
  var limits = LoadLimits()
  limits.maxRules = max(limits.maxRules, n)
  let t0 = now()
  guard case .success(let rs) = RuleSetLoader.load([file], location: "scale", limits: limits) else {
    print("scale set of \(n) rules did not load"); exit(1)
  }
  let t1 = now()
  let program = Program(rs)
  let t2 = now()
  var scratch = program.makeScratch()
  var line = String(format: "scale %5d rules: load+check %.1f ms, compile %.1f ms", n, Double(t1 - t0) / 1e6, Double(t2 - t1) / 1e6)
  for (label, k) in [("early match (rule 4)", 4), ("last rule", n - 1)] {
    let f = try FactsDocument.parse(Array("n: \(k)\nkind: a\n".utf8), path: "f").bind(to: rs)
    let t = try perCall(runs: 5, n: n >= 1000 ? (k > 100 ? 20 : 2000) : 5000) { _ = try program.evaluate(f, asOf: asOf, trace: false, scratch: &scratch) }
    line += String(format: "; %@: %.2f µs", label, t.median)
  }
  print(line)
}

// 2d. The library: one ISMAP case (examples/multi-year-contract.yaml as JSON), from `Data` to
// `CaseResult`, with the bundled rules. JSON is read without the YAML parser; the same text after a
// `#` comment line is read by the YAML parser, as the library read every text before.
do {
  let engine = try Engine.bundled()
  let json = """
    {"as_of": "2022-10-01", "agency": {"kind": "national_government", "name": "〇〇省"},
     "service": {"name": "地域データセンタIaaS", "provider": "株式会社サンプルクラウド", "model": "iaas", "registered_on": null,
       "used_from": "2019-04-01", "in_use_or_planned_at_decision": true, "procured_on": "2019-02-15"},
     "application": {"status": "expected", "applied_on": null, "expected_within_old_period": true, "no_prospect_since": null},
     "alternative": {"exists": true, "name": "Amazon Web Services", "status": "registered"},
     "contract": {"multi_year": true, "signed_on": "2019-02-15", "ends_on": "2024-03-31", "extended_unavoidably": false,
       "extended_ends_on": null, "renewal_signed_on": null, "renewal_ends_on": null},
     "migration": {"large_impact": false, "plan_decided_on": "2022-01-20", "ends_on": null, "extended_unavoidably": false,
       "extended_ends_on": null, "completed_on": null},
     "construction": {"in_progress": false, "started_on": null}, "saas": {"delay_reason": "none"}, "declared_type": "new-1-i",
     "compliance": {"disclosed_to_secretariat": true, "csp_informed": true, "basic_statement_confirmed": true,
       "risk_assessed": false, "reported": true, "changes_reported": true, "fallback_confirmed": false},
     "data": {"location": "domestic", "jurisdiction_japan": true, "overseas_justification": "none", "foreign_law_risk_assessed": true}}
    """
  let jsonData = Data(json.utf8), yamlData = Data(("# YAML\n" + json).utf8)
  let a = try engine.evaluate(CaseFacts(data: jsonData)), b = try engine.evaluate(CaseFacts(data: yamlData))
  precondition(a == b && a[decision: "interim_measure"]?.outcome == "new-1-i", "the JSON and YAML readings disagree")
  let tj = try perCall(n: 2000) { _ = try engine.evaluate(CaseFacts(data: jsonData)) }
  let ty = try perCall(n: 2000) { _ = try engine.evaluate(CaseFacts(data: yamlData)) }
  print(String(format: "library Engine.evaluate(CaseFacts(data:)), one ISMAP case from JSON Data: median %.2f µs (min %.2f); "
               + "the same text through the YAML parser: median %.2f µs (min %.2f)", tj.median, tj.min, ty.median, ty.min))
}

// 3. A whole `ismap-rules eval` process, bundled rules, one example case.
let args = CommandLine.arguments
if args.count >= 3 {
  let bin = args[1], example = args[2]
  var runs: [Double] = []
  for i in 0..<25 {
    // posix_spawn, not Foundation's Process, whose own overhead would be counted.
    let argv = [bin, "eval", "--format", "json", example]
    var cargs = argv.map { strdup($0) } + [nil]
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid: pid_t = 0
    let t0 = now()
    guard posix_spawn(&pid, bin, &actions, nil, &cargs, environ) == 0 else { print("cannot run \(bin)"); exit(1) }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    posix_spawn_file_actions_destroy(&actions)
    for c in cargs { free(c) }
    if i > 0 { runs.append(Double(now() - t0) / 1e6) }  // the first run warms the page cache
  }
  print(String(format: "ismap-rules eval process (bundled rules, %@): median %.1f ms (min %.1f, %d runs)",
               (example as NSString).lastPathComponent, median(runs), runs.min()!, runs.count))
}
