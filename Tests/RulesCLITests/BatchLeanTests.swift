import Foundation
import RulesEval
import RulesModel
import RulesReport
import Testing
@testable import RulesCLI

/// `--select` answered from the program's scratch (no `Evaluation`) gives byte for byte the lines
/// the full path gives: every ISMAP suite case and generated cases with unknowns, nulls, boundary
/// dates and broken lines, JSON Lines and CSV in and out, with `--key`, at one job and two.
@Suite struct BatchLeanTests {
  static func run(_ args: [String], lean: Bool) throws -> CommandResult {
    var r = BatchRunner(command: try EvalCommand.parse(args), outputFD: nil, progress: false)
    r.lean = lean
    return r.run()
  }

  /// Both paths over the same arguments: same output, same exit, same counts.
  static func same(_ args: [String], _ note: String) throws {
    expectSameBatch(try run(args, lean: true), try run(args, lean: false), "\(note), lean against full")
  }

  /// Every field `--select` can answer without a full evaluation, for every decision of the bundled rules.
  static func everyLeanPath() throws -> String {
    let provider = try RuleSetProvider(options: try RulesOptions.parse([]), limits: LoadLimits())
    var names: [String] = []
    for entry in provider.catalog.entries {
      for d in try provider.load(entry).decisions where !names.contains(d.name) { names.append(d.name) }
    }
    let fields = ["outcome", "outcomes", "determined", "deadline", "status", "rule", "rules", "obligations", "excluded"]
    let paths = ["decided", "as_of", "as_of_source", "ruleset.id", "ruleset.digest"]
      + names.flatMap { n in fields.map { n + "." + $0 } }
    return paths.joined(separator: ",")
  }

  /// A small deterministic generator (the cases must not change between runs).
  struct Rand {
    var x: UInt64
    mutating func next(_ n: Int) -> Int {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((x >> 33) % UInt64(n))
    }
  }

  /// The suite cases, then variants of them: facts left out, set to null, boundary evaluation
  /// dates, values the rules do not take, and lines that are not JSON at all. Each gets an `id`.
  static func generated() throws -> [String] {
    let base = try BatchEqualsSingleEvalTests.suiteCases()
    var rand = Rand(x: 20_210_706)
    let dates = ["2021-07-05", "2021-07-06", "2022-03-31", "2022-04-01", "2023-03-31", "2023-04-01", "2025-03-31", "2026-04-01"]
    var lines: [String] = []
    func text(_ d: [String: Any]) throws -> String {
      String(decoding: try JSONSerialization.data(withJSONObject: d, options: [.sortedKeys]), as: UTF8.self)
    }
    for (n, line) in base.enumerated() {
      guard var d = (try JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { continue }
      d["id"] = "S-\(n)"
      lines.append(try text(d))
      for v in 0..<3 {
        var g = d
        g["id"] = "G-\(n)-\(v)"
        let keys = g.keys.filter { $0 != "id" && $0 != "as_of" }.sorted()
        for _ in 0..<(1 + rand.next(3)) where !keys.isEmpty {
          let k = keys[rand.next(keys.count)]
          switch rand.next(10) {
          case 0...3: g[k] = nil  // unknown
          case 4...5: g[k] = NSNull()  // null: none, or an error for a fact that is not optional
          case 6: g["as_of"] = dates[rand.next(dates.count)]
          case 7: if g[k] is String { g[k] = "no-such-value" }
          case 8: if g[k] is String { g[k] = "2021-02-30" }
          default: g[k] = true
          }
        }
        lines.append(try text(g))
      }
      switch n % 40 {
      case 7: lines.append("{\"as_of\": \"2021-08-01\", \"id\": \"B-\(n)\", ")  // cut short
      case 19: lines.append("{\"id\": \"B-\(n)\", \"as_of\": \"2021-13-01\"}")
      case 31: lines.append("{\"id\": \"B-\(n)\", \"no.such.fact\": 1}")
      default: break
      }
    }
    return lines
  }

  /// The same records as CSV: one column per name met, an empty cell when a record lacks it.
  static func csv(_ lines: [String]) -> String {
    let objects = lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    var columns: [String] = []
    for o in objects { for k in o.keys.sorted() where !columns.contains(k) { columns.append(k) } }
    func cell(_ v: Any?) -> String {
      let s: String
      switch v {
      case nil: return ""
      case is NSNull: s = "null"
      case let b as Bool where type(of: v!) == type(of: NSNumber(value: true)): s = b ? "true" : "false"
      case let x as String: s = x
      case let x as NSNumber: s = x.stringValue
      default:
        s = String(decoding: (try? JSONSerialization.data(withJSONObject: v!, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
      }
      return s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var out = columns.joined(separator: ",") + "\n"
    for o in objects { out += columns.map { cell(o[$0]) }.joined(separator: ",") + "\n" }
    return out
  }

  @Test func leanEqualsFullOnTheSuiteAndGeneratedCases() throws {
    let lines = try Self.generated()
    #expect(lines.count > 400)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-lean-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let jsonl = dir.appendingPathComponent("cases.jsonl").path, csv = dir.appendingPathComponent("cases.csv").path
    try writeText(lines.joined(separator: "\n") + "\n", jsonl)
    try writeText(Self.csv(lines), csv)
    let select = try Self.everyLeanPath()
    for jobs in ["1", "2"] {
      try Self.same(["--batch", jsonl, "--key", "id", "--jobs", jobs, "--select", select], "jsonl, jobs \(jobs)")
      try Self.same(["--batch", jsonl, "--key", "id", "--jobs", jobs, "--select", select, "--format", "csv"],
                    "jsonl → csv, jobs \(jobs)")
    }
    try Self.same(["--batch", csv, "--input", "csv", "--key", "id", "--select", select, "--format", "csv"], "csv → csv")
    try Self.same(["--batch", csv, "--input", "csv", "--select", select], "csv → jsonl, no key")
    try Self.same(["--batch", jsonl, "--as-of", "2022-04-01", "--select", select], "--as-of")
    // The four answer columns of the benchmark, and --fail-fast.
    let answers = "interim_measure.outcome,interim_measure.deadline,interim_measure.status,situation.outcome"
    try Self.same(["--batch", jsonl, "--key", "id", "--select", answers], "answers")
    try Self.same(["--batch", jsonl, "--key", "id", "--select", answers, "--fail-fast"], "--fail-fast")
  }

  @Test func leanEqualsFullOnTheBatchFixtures() throws {
    let rules = fixture("small"), select = "grant.outcome,grant.deadline,grant.status,extras.outcomes,extras.outcome,decided"
    try Self.same(["--rules", rules, "--batch", fixture("batch/cases.jsonl"), "--key", "id", "--select", select], "jsonl")
    try Self.same(["--rules", rules, "--batch", fixture("batch/cases.csv"), "--input", "csv", "--key", "id",
                   "--select", select, "--format", "csv"], "csv")
  }

  @Test func pathsOnlyAFullEvaluationAnswersFallBack() throws {
    let rs = try RuleSetProvider(options: try RulesOptions.parse([]), limits: LoadLimits())
    let set = try rs.load(rs.catalog.entries[0])
    for p in ["interim_measure.possible", "interim_measure.missing_facts", "missing_facts", "run_digest"] {
      let plan = SelectPlan(paths: [try SelectPath.parse(p).get()], ruleSet: set)
      #expect(SelectAnswers(plan: plan, ruleSet: set) == nil, "\(p)")
    }
    let plan = SelectPlan(paths: [try SelectPath.parse("interim_measure.outcome").get()], ruleSet: set)
    #expect(SelectAnswers(plan: plan, ruleSet: set) != nil)
    // And the output of a fall-back path is the full path's.
    let lines = try Self.generated().prefix(60)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("batch-lean-fb-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let jsonl = dir.appendingPathComponent("cases.jsonl").path
    try writeText(lines.joined(separator: "\n") + "\n", jsonl)
    try Self.same(["--batch", jsonl, "--key", "id", "--select", "interim_measure.outcome,interim_measure.missing_facts"],
                  "fall-back")
  }
}
