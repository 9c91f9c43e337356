import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import RulesYAML

/// What `serve` answers, without HTTP: the rule sets loaded once at start, and the same frontends
/// `eval` uses for a case. The HTTP layer (RulesServe) only routes, limits and logs.
/// Every rule set is loaded before the first request and nothing is written afterwards, so one
/// service is shared by every connection.
package final class EvalService: @unchecked Sendable {
  /// An HTTP status and a JSON body (an evaluation, a list, or diagnostics), as UTF-8 bytes.
  package struct Answer: Error, Sendable {
    package let status: Int
    package let bytes: [UInt8]
    /// The rule set that answered, for the request log.
    package var ruleset: String? = nil

    package init(status: Int, body: String, ruleset: String? = nil) {
      self.init(status: status, bytes: Array(body.utf8), ruleset: ruleset)
    }

    package init(status: Int, bytes: [UInt8], ruleset: String? = nil) {
      self.status = status
      self.bytes = bytes
      self.ruleset = ruleset
    }

    package var body: String { String(decoding: bytes, as: UTF8.self) }
  }

  let provider: RuleSetProvider
  let limits: LoadLimits
  let rulesPath: String?
  let series: String?
  /// Loaded versions in catalog order, with their digests.
  let versions: [(entry: RuleSetCatalog.Entry, ruleSet: RuleSet, digest: String)]
  /// Each version's constant output, rendered once (the same order as `versions`).
  let fragments: [EvaluationFragments]
  /// The evaluation date when a request names none (the CLI's `today`); replaceable for tests.
  let today: @Sendable () -> CalendarDate

  /// Loads every rule set under `rules` (the bundled ones when nil); a rule set that fails to load
  /// stops the server before it listens, with the same diagnostics `check` gives.
  package init(rules: String?, series: String? = nil, today: (@Sendable () -> CalendarDate)? = nil)
    throws(DiagnosticError)
  {
    // Parsed as the CLI parses its flags (an option group cannot be built field by field).
    let options = try! RulesOptions.parse((rules.map { ["--rules", $0] } ?? []) + (series.map { ["--series", $0] } ?? []))
    limits = try! LimitOptions.parse([]).load
    provider = try RuleSetProvider(options: options, limits: limits)
    var vs: [(RuleSetCatalog.Entry, RuleSet, String)] = []
    for entry in provider.catalog.entries { vs.append((entry, try provider.load(entry), Digest.of(entry.files))) }
    versions = vs
    fragments = vs.map { EvaluationFragments($0.1) }
    rulesPath = rules
    self.series = series
    self.today = today ?? { Terminal.today() }
  }

  /// Rendered diagnostics for a load failure (for the terminal, before the server starts).
  package static func render(_ error: DiagnosticError, rules: String?) -> String {
    DiagnosticRenderer(sources: [], color: false).render(error.diagnostics)
  }

  /// The rule-set id in force today (for the log line of requests that name none).
  package var idInForce: String? {
    (try? provider.catalog.select(on: today(), series: series)).flatMap { e in versions.first { $0.entry.location == e.location } }?
      .ruleSet.header.id.value
  }

  // MARK: - GET /v1/rulesets

  /// The series, versions, effective dates and digests, and which version is in force today.
  package func rulesets() -> Answer {
    let current = try? provider.catalog.select(on: today(), series: series).location
    let items: [JSON] = versions.map { v in
      let h = v.ruleSet.header
      return .object([
        ("id", .string(h.id.value)), ("series", .string(h.series)), ("title", EvaluationJSON.text(h.title)),
        ("decided_on", .string(h.decidedOn.description)), ("effective_from", .string(h.effectiveFrom.description)),
        ("effective_until", h.effectiveUntil.map { .string($0.description) } ?? .null),
        ("digest", .string(v.digest)), ("in_force", .bool(v.entry.location == current)),
        ("facts", .number(Double(v.ruleSet.facts.count))),
      ])
    }
    return Answer(status: 200, body: JSON.object([("today", .string(today().description)), ("rulesets", .array(items))]).render() + "\n")
  }

  // MARK: - GET /v1/rulesets/{id}/facts

  /// Every declared fact with its labels, type and labelled values, in declaration order.
  package func facts(id: String) -> Answer {
    guard let v = versions.first(where: { $0.ruleSet.header.id.value == id }) else {
      let ids = versions.map { $0.ruleSet.header.id.value }
      return Self.error(404, .unknownRuleset, "no rule set `\(id)`",
                        help: Suggestions.didYouMean(id, in: ids) ?? "rule sets: " + ids.joined(separator: ", "))
    }
    let h = v.ruleSet.header
    return Answer(status: 200, body: JSON.object([
      ("id", .string(h.id.value)), ("series", .string(h.series)), ("title", EvaluationJSON.text(h.title)),
      ("facts", .array(v.ruleSet.facts.map { .object(EvaluationJSON.fact($0)) })),
    ]).render() + "\n", ruleset: id)
  }

  // MARK: - POST /v1/eval

  /// The request body's name in diagnostics and in the evaluation's `file`.
  package static let requestName = "<request>"

  /// Decides one case: `{facts, as_of?, set?, unknown?}` or a bare facts object. 200 with exactly
  /// `eval --format json`'s object (decided or not); 400 for malformed JSON; 422 for invalid facts,
  /// an unusable `set` or an evaluation error.
  package func eval(_ body: [UInt8], fast: Bool = true) -> Answer {
    switch evaluate(body, fast: fast) {
    case .failure(let answer): return answer
    case .success(let x):
      var out = ByteOutput(capacity: 64 << 10)
      EvaluationBytes.write(x.outcome.evaluation, digest: x.outcome.digest, trace: true, overrides: x.overrides,
                            fragments: x.fragments, into: &out)
      return Answer(status: 200, bytes: out.bytes, ruleset: x.outcome.evaluation.ruleSet.header.id.value)
    }
  }

  /// A body's evaluation and the `set` values in force, or the error answer.
  struct Evaluated {
    let outcome: CaseEvaluation.Outcome
    let overrides: [(String, Value)]
    /// The rule set's pre-rendered parts.
    let fragments: EvaluationFragments
  }

  /// `fast: false` skips the direct JSON reading (tests compare the two ways).
  func evaluate(_ body: [UInt8], fast: Bool = true) -> Result<Evaluated, Answer> {
    let name = Self.requestName
    // Most bodies are plain JSON that decides: read straight from the bytes. Anything else (and any
    // error) goes the general way below, which gives every error its place and message.
    if fast, let root = JSONBody.parse(body, file: name), root.mapping != nil,
      let x = try? evaluate(root: root, document: YAMLDocument(source: SourceText(path: name, text: ""), root: root))
    {
      return .success(x)
    }
    do throws(JSONSyntaxError) {
      _ = try body.withUnsafeBufferPointer { b throws(JSONSyntaxError) in try JSONRecordReader().value(b) }
    } catch {
      let place = Self.place(body, offset: error.offset)
      return .failure(Self.answer(400, [.error(error.encoding ? .inputEncoding : .jsonSyntax, error.message,
                                      at: SourceRange(file: name, start: place, end: place),
                                      help: error.help ?? "send one JSON object, e.g. {\"facts\": {…}, \"as_of\": \"2021-08-01\"}")]))
    }
    do throws(DiagnosticError) {
      let doc = try YAMLParser.parse(body, path: name, limits: limits.yaml)
      guard let root = doc.root, root.mapping != nil else {
        throw DiagnosticError(.error(.expectedMapping, "the body must be a JSON object", at: doc.root?.range ?? .file(name),
                                     help: "send {\"facts\": {…}} or the facts object itself"))
      }
      return .success(try evaluate(root: root, document: doc))
    } catch {
      return .failure(Self.answer(422, error.diagnostics))
    }
  }

  /// The body's object (a mapping) evaluated.
  func evaluate(root: YAMLNode, document doc: YAMLDocument) throws(DiagnosticError) -> Evaluated {
    let name = Self.requestName
    let (factsRoot, overrides) = try Self.envelope(root)
    let facts = try FactsDocument.from(doc, path: name, root: factsRoot)
    var used: [(String, Value)] = []
    var parts: EvaluationFragments? = nil
    let o = try CaseEvaluation.runDigested(facts, optionDate: nil, today: today()) { d throws(DiagnosticError) in
      let entry = try provider.catalog.select(on: d, series: series)
      guard let i = versions.firstIndex(where: { $0.entry.location == entry.location }) else {
        throw DiagnosticError(.error(.noVersionInEffect, "no rule set for \(d)", at: .file(name)))
      }
      let v = versions[i]
      if overrides.isEmpty {
        parts = fragments[i]
        return (v.ruleSet, v.digest)
      }
      // `set` changes constants, so that version is loaded again with them, once per distinct
      // `set` (a request never changes what the next one sees: each key is its own rule set).
      let (rs, f) = try overridden.get(OverrideKey(location: entry.location, overrides: overrides)) { () throws(DiagnosticError) in
        let rs = try RuleSetLoader.load(entry.files, location: entry.location, limits: limits, overrides: overrides).get()
        return (rs, EvaluationFragments(rs))
      }
      parts = f
      used = overrides.keys.sorted().compactMap { n in rs.constantIndex[n].map { (n, rs.constants[$0].value) } }
      return (rs, v.digest)
    }
    return Evaluated(outcome: o, overrides: used, fragments: parts ?? EvaluationFragments(o.evaluation.ruleSet))
  }

  /// Rule sets loaded with a request's `set` overrides, by version and overrides (a bounded cache).
  let overridden = LRUCache<OverrideKey, (RuleSet, EvaluationFragments)>(capacity: 64)

  struct OverrideKey: Hashable {
    let location: String
    let overrides: [String: String]
  }

  /// Splits `{facts, as_of?, set?, unknown?}` into a facts-file root (the facts with `as_of` and
  /// `unknown` beside them, as a facts file writes them) and the `set` overrides. A body without
  /// a `facts` mapping is itself the facts file.
  static func envelope(_ root: YAMLNode) throws(DiagnosticError) -> (YAMLNode, [String: String]) {
    let pairs = root.mapping ?? []
    guard let f = pairs.first(where: { $0.name == "facts" }), f.value.mapping != nil else { return (root, [:]) }
    var out = f.value.mapping ?? []
    var overrides: [String: String] = [:]
    var bad: [Diagnostic] = []
    for p in pairs where p.name != "facts" {
      switch p.name {
      case "as_of", "unknown": out.append(p)
      case "set":
        guard let m = p.value.mapping else {
          bad.append(.error(.expectedMapping, "`set` must map constant names to values, not \(p.value.kindName)", at: p.value.range,
                            help: "for example \"set\": {\"old2_deadline_reading\": \"cap\"}"))
          continue
        }
        for c in m {
          guard let s = c.value.scalar else {
            bad.append(.error(.expectedScalar, "`set.\(c.name)` must be a single value", at: c.value.range))
            continue
          }
          overrides[c.name] = s.value
        }
      default:
        bad.append(.error(.unknownKey, "unknown key `\(p.name)` beside `facts`", at: p.key.range,
                          help: Suggestions.didYouMean(p.name, in: ["as_of", "set", "unknown"]) ?? "allowed: facts, as_of, set, unknown"))
      }
    }
    if let e = DiagnosticError(bad) { throw e }
    return (YAMLNode(.mapping(out), range: f.value.range), overrides)
  }

  // MARK: - errors

  /// A diagnostics body in `check --format json`'s shape.
  package static func answer(_ status: Int, _ diagnostics: [Diagnostic]) -> Answer {
    Answer(status: status, body: DiagnosticsJSON.make(diagnostics).render() + "\n")
  }

  /// One error about the request itself (no place in a body).
  package static func error(_ status: Int, _ code: DiagnosticCode, _ message: String, help: String? = nil) -> Answer {
    answer(status, [.error(code, message, at: .file(requestName), help: help)])
  }

  /// Line and column (in characters) of a byte offset.
  static func place(_ bytes: [UInt8], offset: Int) -> SourcePosition {
    var line = 1, start = 0
    for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
      line += 1
      start = i + 1
    }
    let slice = Array(bytes[start..<min(max(offset, start), bytes.count)])
    return SourcePosition(line: line, column: String(decoding: slice, as: UTF8.self).count + 1)
  }
}
