import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import RulesYAML

/// Runs test files: each case is evaluated and compared with `expect`; flip files check which
/// cases a reading switch changes. Collects coverage of what fired.
struct TestRunner {
  let options: RulesOptions
  let limits: LoadLimits
  let showCoverage: Bool
  let minCoverage: Double?
  let verbose: Bool
  let color: Bool
  var output = ""
  var errors = ""
  var passed = 0
  var failed = 0
  var coverage = Coverage()
  private var providers: [String: RuleSetProvider] = [:]
  /// Called with every case before it is evaluated (the differential test collects them).
  var observe: ((RuleSet, Facts, CalendarDate) -> Void)?
  private var sources: [SourceText] = []

  init(options: RulesOptions, limits: LoadLimits, showCoverage: Bool, minCoverage: Double?, verbose: Bool, color: Bool) {
    self.options = options
    self.limits = limits
    self.showCoverage = showCoverage
    self.minCoverage = minCoverage
    self.verbose = verbose
    self.color = color
  }

  /// A parsed test case.
  struct Case {
    let name: String
    let file: String
    let asOf: CalendarDate
    /// The facts, or why they could not be read (a case may expect that error).
    let facts: Result<FactsDocument, DiagnosticError>
    let overrides: [String: String]
    let expect: [(decision: String, node: YAMLNode)]
    /// `expect: {error: …}`: the case passes when loading or evaluation fails with this diagnostic.
    let expectedError: ExpectedError?
    let rules: String?
  }

  mutating func run(_ paths: [String]) -> Int32 {
    var invalid: [Diagnostic] = []
    for path in paths {
      do throws(DiagnosticError) {
        try runFile(path)
      } catch {
        invalid += error.diagnostics
      }
    }
    if !invalid.isEmpty {
      errors += DiagnosticRenderer(sources: sources, color: false).render(invalid)
      let files = Set(invalid.map(\.range.file)).count
      output += "\(files) test file\(files == 1 ? "" : "s") could not be run to the end (errors above); the counts below are incomplete\n"
    }
    if showCoverage { output += coverage.report() }
    var belowMin = false
    if let minCoverage, coverage.percent < minCoverage - 1e-9 {
      output += "coverage \(Coverage.format(coverage.percent))% is below the required \(Coverage.format(minCoverage))%\n"
      belowMin = true
    }
    output += "\(passed) passed, \(failed) failed\n"
    if !invalid.isEmpty { return 2 }
    return failed > 0 || belowMin ? 1 : 0
  }

  mutating func runFile(_ path: String) throws(DiagnosticError) {
    let bytes = try InputFile.read(path, maxBytes: limits.maxFileBytes)
    let doc = try YAMLParser.parse(bytes, path: path, limits: limits.yaml)
    sources.append(doc.source)
    guard let root = doc.root else {
      throw DiagnosticError(.error(.emptyFile, "`\(path)` is empty", at: .file(path), help: "a test file has `cases:`"))
    }
    var r = NodeReader()
    guard let f = r.fields(root, "a test file", allowed: ["rules", "cases", "flip", "changed", "description"]) else {
      try r.diagnostics.throwOnError()
      return
    }
    let rulesPath = f["rules"].flatMap { r.string($0, "`rules`") }.map { Self.relative($0, to: path) }
    try r.diagnostics.throwOnError()
    if let flip = f["flip"] {
      try runFlip(flip, f, path: path, doc: doc)
      return
    }
    guard let casesNode = f["cases"], let items = casesNode.sequence else {
      throw DiagnosticError(.error(.missingKey, "a test file needs `cases:`, a list of cases", at: root.range))
    }
    let named = CaseInheritance(items)
    let cases = try items.map { (n) throws(DiagnosticError) in
      try parseCase(named.resolve(n), doc: doc, path: path, rules: rulesPath)
    }
    for c in cases { try runCase(c) }
  }

  static func relative(_ p: String, to file: String) -> String {
    if p.hasPrefix("/") { return p }
    let dir = file.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return dir.isEmpty ? p : dir + "/" + p
  }

  func parseCase(_ n: YAMLNode, doc: YAMLDocument, path: String, rules: String?) throws(DiagnosticError) -> Case {
    var r = NodeReader()
    let f = r.fields(n, "a test case", allowed: ["name", "description", "as_of", "facts", "set", "expect", "extends"],
                     required: ["name", "as_of", "facts", "expect"])
    try r.diagnostics.throwOnError()
    guard let f, let name = f["name"].flatMap({ r.string($0, "`name`") }), let asOf = f["as_of"].flatMap({ r.date($0, "`as_of`") }),
      let factsNode = f["facts"], let expectNode = f["expect"]
    else {
      try r.diagnostics.throwOnError()
      throw DiagnosticError(.error(.badCase, "incomplete test case", at: n.range))
    }
    var overrides: [String: String] = [:]
    for p in f["set"]?.mapping ?? [] { overrides[p.name] = p.value.scalar?.value ?? "" }
    let facts: Result<FactsDocument, DiagnosticError>
    do throws(DiagnosticError) {
      facts = .success(try FactsDocument.from(doc, path: path, root: factsNode, asOf: asOf))
    } catch {
      facts = .failure(error)
    }
    guard let exp = expectNode.mapping else {
      throw DiagnosticError(.error(.expectedMapping, "`expect` maps decision names to what they must give", at: expectNode.range))
    }
    var expectedError: ExpectedError?
    if let e = expectNode["error"] {
      expectedError = try ExpectedError.read(e)
      if exp.count > 1 {
        throw DiagnosticError(.error(.badCase, "a case that expects an error expects nothing else", at: expectNode.range,
                                     help: "move the other expectations to a case of their own"))
      }
    }
    if expectedError == nil, case .failure(let e) = facts { throw e }
    return Case(name: name, file: path, asOf: asOf, facts: facts, overrides: overrides,
                expect: expectedError == nil ? exp.map { ($0.name, $0.value) } : [], expectedError: expectedError, rules: rules)
  }

  mutating func provider(_ rules: String?, _ overrides: [String: String]) throws(DiagnosticError) -> RuleSetProvider {
    var opts = options
    if opts.rules == nil { opts.rules = rules }
    opts.overrides = options.overrides + overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    let key = (opts.rules ?? "<bundled>") + "|" + opts.overrides.joined(separator: ",")
    if let p = providers[key] { return p }
    let p = try RuleSetProvider(options: opts, limits: limits)
    if providers.isEmpty { sources += p.sources }
    providers[key] = p
    return p
  }

  func evaluate(_ c: Case, provider p: RuleSetProvider) throws(DiagnosticError) -> Evaluation {
    let (ruleSet, _) = try p.ruleSet(on: c.asOf)
    let facts = try c.facts.get().bind(to: ruleSet)
    observe?(ruleSet, facts, c.asOf)
    do throws(EvaluationError) {
      return try Program.evaluate(ruleSet, facts: facts, asOf: c.asOf, asOfSource: "facts")
    } catch {
      throw DiagnosticError(error.diagnostic)
    }
  }

  mutating func runCase(_ c: Case) throws(DiagnosticError) {
    if let want = c.expectedError {
      var got: [Diagnostic] = []
      do throws(DiagnosticError) {
        let e = try evaluate(c, provider: try provider(c.rules, c.overrides))
        coverage.record(e)
      } catch {
        got = error.diagnostics.filter { $0.severity == .error }
      }
      if got.contains(where: want.matches) {
        passed += 1
        if verbose { output += "ok   \(c.name)\n" }
      } else {
        failed += 1
        output += "FAIL \(c.name)  (\(c.file), as of \(c.asOf))\n  expected error \(want)"
        output += got.isEmpty ? ", but the case loaded and evaluated\n"
          : ", got " + got.map { "\($0.code) at \($0.range.start)" }.joined(separator: ", ") + "\n"
      }
      return
    }
    let p = try provider(c.rules, c.overrides)
    let e = try evaluate(c, provider: p)
    coverage.record(e)
    var problems: [String] = []
    var failing: [Int] = []
    for (name, node) in c.expect {
      guard let d = e.ruleSet.decisionIndex[name] else {
        throw DiagnosticError(.error(.unknownDecision, "`expect` names unknown decision `\(name)`", at: node.range,
                                     help: Suggestions.didYouMean(name, in: e.ruleSet.decisions.map(\.name))))
      }
      let before = problems.count
      try Expectation.compare(node, e.results[d], into: &problems)
      if problems.count > before { failing.append(d) }
    }
    if problems.isEmpty {
      passed += 1
      if verbose { output += "ok   \(c.name)\n" }
      return
    }
    failed += 1
    output += "FAIL \(c.name)  (\(c.file), rule set \(e.ruleSet.header.id.value), as of \(c.asOf))\n"
    for p in problems { output += "  \(p)\n" }
    for d in failing {
      output += "  trace of \(e.results[d].name):\n"
      for t in e.results[d].trace {
        output += "    · \(t.rule) → \(t.result.rawValue)"
        if let by = t.decidedBy { output += " by `\(by)`" }
        if !t.reads.isEmpty {
          output += " reading " + t.reads.map { "\($0.fact)=\($0.value?.description ?? "unknown")" }.joined(separator: ", ")
        }
        output += "\n"
      }
    }
  }
}
