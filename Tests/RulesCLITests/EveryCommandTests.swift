import Foundation
import Testing

// Every command (`eval`, `check`, `test`, `diff`), run as the real binary over the whole bad-input
// corpus and over rule sets that call every built-in function with fact, optional and constant
// arguments (and mixes of them), must end with an exit code its README row documents: never a
// signal, a trap or a backtrace.

/// The exit codes README "Exit codes" documents per command.
let documentedExits: [String: Set<Int32>] = ["eval": [0, 2, 3], "check": [0, 1, 2], "test": [0, 1, 2], "diff": [0, 1, 2]]

/// Runs `args` and asserts a documented exit, no signal, no crash text, bounded time.
func expectDocumentedExit(_ args: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
  let r = try runBinary(args)
  let what = args.joined(separator: " ")
  #expect(!r.timedOut, "\(what): still running after \(runSeconds) s (killed)", sourceLocation: sourceLocation)
  #expect(r.signal == 0, "\(what): killed by signal \(r.signal)\n\(r.stderr.prefix(2000))", sourceLocation: sourceLocation)
  for bad in ["Fatal error", "Stack dump", "Backtrace", "Program crashed", "AddressSanitizer", "Illegal instruction"] {
    #expect(!r.all.contains(bad), "\(what): output mentions `\(bad)`\n\(r.all.prefix(2000))", sourceLocation: sourceLocation)
  }
  #expect(documentedExits[args[0]]!.contains(r.exit), "\(what): exit \(r.exit)\n\(r.all.prefix(1500))",
          sourceLocation: sourceLocation)
  return r
}

/// Rule sets calling one built-in each, in every mode and place the lints and evaluator look at.
enum FunctionSets {
  static let header = """
    ruleset: {id: fn, series: fn, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [d, c]}
    facts:
      day: date
      opt: {type: date, optional: true}
      len: duration
      opt_len: {type: duration, optional: true}
      n: number
      opt_n: {type: number, optional: true}
      name: string
      opt_name: {type: string, optional: true}
      tags: {type: list, of: string}
      opt_tags: {type: list, of: string, optional: true}
      flag: bool
    constants:
      k: 2024-01-31
      kd: 1 month
      kn: 3
      kname: {value: A, type: string}
      counting: {value: excluded, values: [included, excluded]}
      rounding: {value: none, values: [none, down, up]}
    tables:
      t:
        key: name
        columns: {name: string, since: date}
        rows: [{name: A, since: 2021-03-12}, {name: B, since: 2024-02-29}]

    """

  /// An argument of each type as a fact, an optional fact with a default, a constant (and `as_of`).
  static let modes: [String: [String]] = [
    "date": ["day", "opt ?? k", "k", "as_of", "opt ?? day"],
    "duration": ["len", "opt_len ?? kd", "kd", "opt_len ?? len"],
    "number": ["n", "opt_n ?? kn", "kn"],
    "string": ["name", "opt_name ?? kname", "kname"],
    "list": ["tags", "opt_tags ?? [\\\"x\\\"]", "[\\\"a\\\", \\\"b\\\"]"],
    "datelist": ["[day, as_of]", "[opt ?? k, day]", "[k, k + 1 day]"],
    "numberlist": ["[n, kn]", "[opt_n ?? kn, n]", "[kn, 1]"],
  ]

  /// Every argument list of the given types: each mode for all, and each mode for one with constants elsewhere.
  static func argumentLists(_ types: [String]) -> [[String]] {
    var out: [[String]] = []
    let widest = types.map { modes[$0]!.count }.max() ?? 0
    for m in 0..<widest { out.append(types.map { modes[$0]![min(m, modes[$0]!.count - 1)] }) }
    for (i, t) in types.enumerated() {
      for v in modes[t]! {
        out.append(types.enumerated().map { j, u in j == i ? v : modes[u]![2] })
        out.append(types.enumerated().map { j, u in j == i ? modes[u]![2] : modes[u]![0] })
      }
    }
    var seen: Set<[String]> = []
    return out.filter { seen.insert($0).inserted }
  }

  /// (function, its calls with their result type).
  static let calls: [(String, [(String, String)])] = {
    func make(_ f: String, _ types: [String], suffix: String = "", result: String) -> [(String, String)] {
      argumentLists(types).map { ("\(f)(\($0.joined(separator: ", "))\(suffix))", result) }
    }
    return [
      ("min", make("min", ["date"], result: "date") + make("min", ["date", "date", "date"], result: "date")
        + make("min", ["number", "number"], result: "number")
        + make("min", ["datelist"], result: "date") + make("min", ["numberlist"], result: "number")),
      ("max", make("max", ["date"], result: "date") + make("max", ["date", "date", "date"], result: "date")
        + make("max", ["number", "number"], result: "number")
        + make("max", ["datelist"], result: "date") + make("max", ["numberlist"], result: "number")),
      ("intersects", make("intersects", ["list", "list"], result: "bool")),
      ("any_in", make("any_in", ["list", "list"], result: "bool")),
      ("count", make("count", ["list"], result: "number")),
      ("known", [("known(day)", "bool"), ("known(opt)", "bool"), ("known(opt_tags)", "bool")]),
      ("fiscal_year_end", make("fiscal_year_end", ["date"], result: "date")),
      ("fiscal_year_start", make("fiscal_year_start", ["date"], result: "date")),
      ("period_end", make("period_end", ["date", "duration"], result: "date")
        + make("period_end", ["date", "duration"], suffix: ", first_day: counting", result: "date")
        + make("period_end", ["date", "duration"], suffix: ", first_day: excluded", result: "date")),
      ("add", make("add", ["date", "duration"], result: "date")
        + make("add", ["date", "duration"], suffix: ", round: rounding", result: "date")
        + make("add", ["date", "duration"], suffix: ", round: down", result: "date")),
      ("days_between", make("days_between", ["date", "date"], result: "number")),
      ("lookup", argumentLists(["string"]).map { ("lookup(t, \($0[0])).since ?? k", "date") }
        + argumentLists(["string"]).map { ("lookup(t, \($0[0])) != none", "bool") }),
    ]
  }()

  /// A condition and a deadline made from a call.
  static func condition(_ x: String, _ type: String) -> String {
    switch type {
    case "date": return "(\(x)) > k"
    case "number": return "(\(x)) >= kn"
    default: return x
    }
  }

  /// The rule set for one function: each call in a `when`, an exclusion, a deadline (also
  /// under `+ 1 month`), an `otherwise` deadline, a used and an unused definition, and a
  /// `collect` decision.
  static func ruleSet(_ calls: [(String, String)]) -> String {
    var defs = "definitions:\n", rules = "", collect = ""
    var otherwise = "k"
    for (i, (x, type)) in calls.enumerated() {
      let cond = condition(x, type)
      defs += "  used\(i): \"\(cond)\"\n  unused\(i): \"\(type == "date" ? "(\(x)) + 1 month < k" : cond)\"\n"
      let deadline = type == "date" ? (i % 2 == 0 ? x : "(\(x)) + 1 month") : "k"
      if type == "date" && i % 3 == 0 { otherwise = x }
      rules += """
            - id: r\(i)
              source: s
              when: ["flag", "\(cond)"]
              unless: [{id: x\(i), when: "\(cond) and not flag", source: s, reason: r}]
              deadline: "\(deadline)"
            - id: u\(i)
              source: s
              when: used\(i)

        """
      collect += "      - {id: c\(i), source: s, when: \"\(cond)\", deadline: \"\(deadline)\"}\n"
    }
    return header + defs + """
      decisions:
        d:
          hit: first
          rules:
      \(rules)    otherwise: {outcome: none, deadline: "\(otherwise)"}
        c:
          hit: collect
          rules:
      \(collect)
      """
  }

  static let tests = """
    cases:
      - name: every fact given
        as_of: 2024-07-01
        facts:
          day: 2024-02-29
          opt: 2024-03-31
          len: 1 month
          opt_len: 1 year
          n: 3
          opt_n: 4
          name: A
          opt_name: B
          tags: [a]
          opt_tags: [b]
          flag: true
        expect: {d: {undetermined: false}}
      - name: optional facts none
        as_of: 2024-07-01
        facts: {day: 2021-01-31, opt: null, len: 1 month, opt_len: null, n: 0, opt_n: null, name: Z, opt_name: null, tags: [], opt_tags: null, flag: true}
        expect: {d: {undetermined: false}}
      - name: nothing given
        as_of: 2024-07-01
        facts: {}
        expect: {d: undetermined}

    """
}

/// Serialized: hundreds of runs at once would starve the bad-input suite's timed runs of CPU.
@Suite(.serialized) struct EveryCommandTests {
  static let functions = FunctionSets.calls.map(\.0)

  /// Every built-in is covered (a new one must be added above).
  @Test func everyBuiltinHasASet() throws {
    let source = try String(contentsOfFile: packageRoot + "/Sources/RulesExpr/Check/TypedExpr.swift", encoding: .utf8)
    let decl = try #require(source.firstMatch(of: /enum Builtin[^{]*\{([^}]*)\}/)?.1)
    var names: [String] = []
    for m in String(decl).matches(of: /case ([^\n]*)/) {
      for part in m.1.split(separator: ",") {
        let p = part.trimmingCharacters(in: .whitespaces)
        if let q = p.firstMatch(of: /"([a-z_]+)"/) { names.append(String(q.1)) } else { names.append(p) }
      }
    }
    #expect(!names.isEmpty)
    for n in names { #expect(Self.functions.contains(n), "built-in `\(n)` has no rule set in EveryCommandTests") }
  }

  @Test(arguments: functions) func everyCommandOnAFunction(_ function: String) throws {
    guard binaryPath != nil else { return }
    let calls = FunctionSets.calls.first { $0.0 == function }!.1
    let dir = NSTemporaryDirectory() + "every-fn-\(function)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir + "/a", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: dir + "/b", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let set = FunctionSets.ruleSet(calls)
    _ = try write(dir + "/a", "rules.yaml", Array(set.utf8))
    // A second version: the same calls in reverse order, so `diff` has something to compare.
    _ = try write(dir + "/b", "rules.yaml", Array(FunctionSets.ruleSet(calls.reversed()).utf8))
    let tests = try write(dir, "tests.yaml", Array(FunctionSets.tests.utf8))
    let facts = try write(dir, "facts.yaml", Array("as_of: 2024-07-01\nday: 2024-01-31\nlen: 1 month\nflag: true\n".utf8))
    // The set itself is valid: the lints, not load errors, are what runs.
    let check = try expectDocumentedExit(["check", dir + "/a"])
    #expect(!check.all.contains(": error["), "\(function): \(check.all.prefix(3000))")
    _ = try expectDocumentedExit(["check", "--strict", dir + "/a", dir + "/b"])
    _ = try expectDocumentedExit(["eval", "--rules", dir + "/a", facts])
    _ = try expectDocumentedExit(["eval", "--rules", dir + "/a", "--format", "json", "--explain", facts, dir + "/tests.yaml"])
    _ = try expectDocumentedExit(["test", "--rules", dir + "/a", "--coverage", tests])
    _ = try expectDocumentedExit(["diff", dir + "/a", dir + "/a"])
    _ = try expectDocumentedExit(["diff", dir + "/a", dir + "/b", "--explore", "--explore-budget", "300", "--cases", tests])
  }

  static let corpus = Corpus.files("rules").map { ("rules", $0) } + Corpus.files("facts").map { ("facts", $0) }

  @Test(arguments: corpus.indices) func everyCommandOnTheBadInputCorpus(_ i: Int) throws {
    guard binaryPath != nil else { return }
    let (kind, path) = Self.corpus[i]
    let tests = fixture("small-tests/grants.yaml")
    if kind == "rules" {
      _ = try expectDocumentedExit(["eval", "--rules", path, "--as-of", "2024-07-01", goodFacts])
      _ = try expectDocumentedExit(["check", "--strict", path])
      _ = try expectDocumentedExit(["test", "--rules", path, tests])
      _ = try expectDocumentedExit(["diff", path, path, "--explore", "--explore-budget", "200"])
      _ = try expectDocumentedExit(["diff", smallRules, path, "--cases", tests])
    } else {
      _ = try expectDocumentedExit(["eval", "--rules", smallRules, "--as-of", "2024-07-01", path])
      _ = try expectDocumentedExit(["check", path])
      _ = try expectDocumentedExit(["test", "--rules", smallRules, path])
      _ = try expectDocumentedExit(["diff", smallRules, smallRules, "--cases", path])
    }
  }
}
