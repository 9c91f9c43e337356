import Foundation
import RulesExpr
import RulesModel
import RulesSource
import Testing
@testable import RulesCLI
@testable import RulesEval

/// The compiled `Program` against the tree-walking `Evaluator` (kept only as this oracle): every
/// case under Tests/ and examples/, then thousands of generated cases with unknown and null facts,
/// must give identical evaluations (every field of every decision, traces included) or the same
/// failure, traced and untraced, with one scratch reused across all cases of a rule set.
@Suite struct DifferentialTests {
  /// One scratch per program, reused for every case, so stale memo entries would show.
  final class Harness {
    var scratches: [ObjectIdentifier: PlanScratch] = [:]
    /// Rule sets in the order first met (each test file's readings give their own).
    var ruleSets: [(ObjectIdentifier, RuleSet)] = []
    var compared = 0
    var failures: [String] = []

    func check(_ rs: RuleSet, _ facts: Facts, _ asOf: CalendarDate, _ label: String) {
      let program = Program.compiled(rs)
      let key = ObjectIdentifier(program)
      if scratches[key] == nil { ruleSets.append((key, rs)) }
      var scratch = scratches[key] ?? program.makeScratch()
      defer { scratches[key] = scratch }
      for trace in [true, false] {
        let oracle = Result { () throws(EvaluationError) in try Evaluator.evaluate(rs, facts: facts, asOf: asOf, trace: trace) }
        let plan = Result { () throws(EvaluationError) in
          try program.evaluate(facts, asOf: asOf, trace: trace, scratch: &scratch)
        }
        compared += 1
        if let problem = Self.difference(oracle, plan), failures.count < 20 {
          failures.append("\(label) (as of \(asOf), trace \(trace)): \(problem)")
        }
      }
    }

    static func difference(_ a: Result<Evaluation, EvaluationError>, _ b: Result<Evaluation, EvaluationError>) -> String? {
      switch (a, b) {
      case (.success(let x), .success(let y)):
        guard x.results.count == y.results.count else { return "different decision counts" }
        for (r, s) in zip(x.results, y.results) where r != s {
          return "decision \(r.name): oracle \(describe(r)) vs program \(describe(s))"
        }
        if x.dues != y.dues { return "obligation due dates differ: \(x.dues) vs \(y.dues)" }
        // The interview's questions are derived from the results and traces, so they agree too.
        let qx = Questions.of(x).map { "\($0.fact.name) \($0.neededBy.map(\.rule))" }
        let qy = Questions.of(y).map { "\($0.fact.name) \($0.neededBy.map(\.rule))" }
        return qx == qy ? nil : "questions differ: \(qx) vs \(qy)"
      case (.failure(let x), .failure(let y)):
        let p = "\(x.diagnostic.message) at \(x.diagnostic.range)", q = "\(y.diagnostic.message) at \(y.diagnostic.range)"
        return p == q ? nil : "failures differ: \(p) vs \(q)"
      case (.success, .failure(let y)): return "program failed: \(y.message)"
      case (.failure(let x), .success): return "oracle failed (\(x.message)), program did not"
      }
    }

    static func describe(_ r: DecisionResult) -> String {
      "\(r.outcome ?? "-") \(r.outcomes) rules \(r.rules) \(r.deadline?.description ?? "-") \(r.status) det \(r.determined) "
        + "obl \(r.obligations) excl \(r.excluded.map(\.exclusion)) possible \(r.possible) missing \(r.missingFacts) "
        + "trace \(r.trace.map { "\($0.rule):\($0.result.rawValue):\($0.decidedBy ?? "-"):\($0.reads.map(\.fact)):\($0.missingIndices)" })"
    }
  }

  /// Runs test files the way `ismap-rules test` does, checking each case on the way.
  static func runTests(_ args: [String], _ h: Harness) throws -> Int {
    let cmd = try TestCommand.parse(args)
    var runner = TestRunner(options: cmd.rules, limits: cmd.limits.load, showCoverage: false, minCoverage: nil,
                            verbose: false, color: false)
    var n = 0
    runner.observe = { rs, facts, asOf in
      n += 1
      h.check(rs, facts, asOf, "test case \(n) of \(args.last ?? "")")
    }
    _ = runner.run(cmd.tests)
    return n
  }

  static func files(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
      .map { dir + "/" + $0 }
  }

  /// A facts file evaluated as `eval` would (version chosen by its `as_of`).
  static func evalFile(_ path: String, rules: String?, _ h: Harness) throws {
    let p = try RuleSetProvider(options: try RulesOptions.parse(rules.map { ["--rules", $0] } ?? []), limits: LoadLimits())
    let doc = try FactsDocument.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
    let fallback = try CalendarDate.parse("2024-07-01")
    let asOf = doc.asOf ?? fallback
    let (rs, _) = try p.ruleSet(on: asOf)
    h.check(rs, try doc.bind(to: rs), asOf, path)
  }

  @Test func everyCaseInTheRepositoryAndGeneratedCases() throws {
    let h = Harness()
    let ismap = packageRoot + "/Tests/ismap"
    var cases = try Self.runTests(Self.files(ismap), h)
    cases += try Self.runTests(Self.files(ismap + "/flips"), h)
    cases += try Self.runTests([fixture("small-tests/grants.yaml")], h)
    cases += try Self.runTests(["--rules", fixture("doc-conformance/rules"), fixture("doc-conformance/cases.yaml")], h)
    for rules in ["diff-old", "diff-deadline"] {
      cases += try Self.runTests(["--rules", fixture(rules), fixture("diff-cases/tests.yaml")], h)
    }
    cases += try Self.runTests([fixture("revision-tests/cases.yaml")], h)
    let tutorial = packageRoot + "/examples/tutorial-policy/tests"
    cases += try Self.runTests(Self.files(tutorial) + Self.files(tutorial + "/flips"), h)
    #expect(cases > 300, "found only \(cases) test cases")
    // The fuzzers' seed that uses every construct of the language, with its facts files.
    for f in Self.files(packageRoot + "/fuzz/seeds/facts") {
      try Self.evalFile(f, rules: packageRoot + "/fuzz/seeds/every-construct.yaml", h)
    }
    for f in Self.files(packageRoot + "/examples") { try Self.evalFile(f, rules: nil, h) }
    for f in Self.files(fixture("small-facts")) { try Self.evalFile(f, rules: fixture("small"), h) }
    for f in Self.files(fixture("doc-conformance/facts")) { try Self.evalFile(f, rules: fixture("doc-conformance/rules"), h) }
    for f in ["ngo-big", "ngo-small", "startup"] {
      for rules in ["diff-old", "diff-deadline"] { try Self.evalFile(fixture("diff-cases/\(f).yaml"), rules: fixture(rules), h) }
    }
    let fromFiles = h.compared
    // Generated: every rule set met above (both ISMAP versions, each flip's reading, the fixtures).
    var rng = SplitMix(seed: 0x15_4D_A9)
    // Most cases for the first rule set of each location (the bundled versions as written).
    var seen: Set<String> = []
    for (_, rs) in h.ruleSets {
      Self.generate(rs, count: seen.insert(rs.location).inserted ? 2000 : 60, &rng, h)
    }
    print("differential: \(h.ruleSets.count) rule sets, \(fromFiles) from files, \(h.compared) in all")
    #expect(h.failures.isEmpty, "\(h.failures.joined(separator: "\n"))")
    #expect(fromFiles > 600 && h.compared > fromFiles + 5000, "compared \(fromFiles) from files, \(h.compared) in all")
  }

  /// Past 128 facts an unknown's fact set spills out of its inline words (`FactBits.more`): rules
  /// that read facts on both sides of that line, in every junction, exclusion and deadline.
  @Test func wideRuleSetsSpillTheMissingFacts() throws {
    var yaml = """
      ruleset: {id: wide, series: wide, decided_on: 2024-04-01, effective_from: 2024-04-01, main: [d, e]}
      facts:

      """
    for i in 0..<200 { yaml += i == 170 ? "  f170: {type: number, optional: true}\n" : "  f\(i): number\n" }
    yaml += """
      decisions:
        d:
          hit: first
          rules:
            - {id: a, when: f3 > 1 and f150 > 2, deadline: "if f190 > 1 then 2025-01-01 else 2026-01-01"}
            - id: b
              when: {any: [f140 == 1, f7 < 0, {all: [f199 >= 3, f64 != 2]}]}
              unless: [{id: x, when: f128 == 5 or f127 == 5}]
            - {id: c, when: not (f130 > 1), deadline: 2025-03-31}
          otherwise: {outcome: none}
        e:
          hit: collect
          rules:
            - {id: p, when: d.outcome == "a" or f160 > 1 or (f170 ?? 0) > 1}
            - {id: q, when: f129 > 1 and known(f131)}

      """
    guard case .success(let rs) = RuleSetLoader.load([RuleFile(path: "wide.yaml", bytes: Array(yaml.utf8))], location: "wide")
    else {
      if case .failure(let e) = RuleSetLoader.load([RuleFile(path: "wide.yaml", bytes: Array(yaml.utf8))], location: "wide") {
        Issue.record("the wide rule set does not load: \(e.diagnostics.map(\.message))")
      }
      return
    }
    let h = Harness()
    var rng = SplitMix(seed: 0x5EED)
    Self.generate(rs, count: 3000, &rng, h)
    #expect(h.failures.isEmpty, "\(h.failures.joined(separator: "\n"))")
    // Some case must have waited for a fact past the inline words.
    let program = Program.compiled(rs)
    var scratch = program.makeScratch()
    let none = Facts(values: [Value?](repeating: nil, count: rs.facts.count), given: [], path: "<none>")
    let e = try program.evaluate(none, asOf: rs.header.effectiveFrom, trace: false, scratch: &scratch)
    #expect(e.results[0].missingFacts.contains("f150") && e.results[0].missingFacts.contains("f3"))
  }

  /// `count` cases over the boundary values the lints use (every compared date ±1 day, enum values,
  /// texts the rules compare and one they do not), with about a third of facts unknown and some null.
  static func generate(_ rs: RuleSet, count: Int, _ rng: inout SplitMix, _ h: Harness) {
    var slots: [ExprSlot] = rs.definitions.flatMap(\.body.slots)
    for d in rs.decisions {
      for r in d.rules + (d.otherwise.map { [$0] } ?? []) {
        slots += (r.when?.slots ?? []) + r.unless.flatMap(\.when.slots) + (r.deadline.map { [$0] } ?? [])
      }
    }
    let values = BoundaryValues(rs, slots: slots)
    for n in 0..<count {
      var facts = [Value?](repeating: nil, count: rs.facts.count)
      let unknownShare = rng.next(10)  // some cases nearly complete, some nearly empty
      for (i, f) in rs.facts.enumerated() {
        let r = rng.next(10)
        if r < unknownShare { continue }
        if r == 9, f.optional {
          facts[i] = Value.none
          continue
        }
        let choices = values.perFact[i]
        if !choices.isEmpty { facts[i] = choices[rng.next(choices.count)] }
      }
      let asOf = values.dates.isEmpty ? rs.header.effectiveFrom : values.dates[rng.next(values.dates.count)]
      h.check(rs, Facts(values: facts, given: [], path: "<generated>"), asOf, "generated case \(n) of \(rs.location)")
    }
  }
}

/// A small seeded generator, so the generated cases are the same on every run.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next(_ bound: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Int(z % UInt64(bound))
  }
}
