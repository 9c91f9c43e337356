import RulesEval
import RulesExpr
import RulesModel
import RulesSource

/// One line of `eval --batch` output: the evaluation as `eval --format json --no-trace` gives it,
/// with `line` and `key` in place of `file`; an error line; or the `--select` columns.
package enum BatchLine {
  /// Written as it goes, not built as a `JSON` tree first (the same bytes: a test compares the two on
  /// every ISMAP suite case). `texts`: the caller's cache of printed conditions (each batch worker
  /// has its own).
  package static func full(_ e: Evaluation, line: Int, key: JSON, digest: String, trace: Bool,
                          overrides: [(String, Value)], texts: ConditionTexts? = nil, into out: inout ByteOutput) {
    var w = PrettyWriter(out: out)
    out = ByteOutput(capacity: 0)
    w.compact = true
    w.open(.object)
    w.key("line"); w.out.int(line)
    w.key("key"); w.json(key)
    EvaluationBytes.members(e, digest: digest, trace: trace, overrides: overrides, fragments: nil,
                            texts: texts ?? .shared, &w)
    w.close(.object)
    w.out.bytes.append(0x0A)
    out = w.out
  }

  /// The same line built as a `JSON` tree and rendered (the oracle of the test above).
  package static func fullTree(_ e: Evaluation, line: Int, key: JSON, digest: String, trace: Bool,
                              overrides: [(String, Value)], into out: inout ByteOutput) {
    out.json(.object([("line", .number(Double(line))), ("key", key)]
      + EvaluationJSON.body(e, digest: digest, trace: trace, overrides: overrides)))
    out.bytes.append(0x0A)
  }

  /// `{"line": N, "key": …, "error": D}`, D in the shape of `check --format json`.
  package static func error(_ d: Diagnostic, line: Int, key: JSON, into out: inout ByteOutput) {
    out.json(.object([("line", .number(Double(line))), ("key", key), ("error", DiagnosticsJSON.item(d))]))
    out.bytes.append(0x0A)
  }
}

/// A `--select` path: `DECISION.FIELD` or a top-level key.
package struct SelectPath: Sendable, Hashable {
  package enum Field: String, Sendable, CaseIterable {
    case outcome, outcomes, determined, deadline, status, rule, rules, obligations, excluded, possible
    case missingFacts = "missing_facts"
  }
  package enum Top: String, Sendable, CaseIterable {
    case decided, asOf = "as_of", asOfSource = "as_of_source", missingFacts = "missing_facts", runDigest = "run_digest"
    case rulesetID = "ruleset.id", rulesetDigest = "ruleset.digest"
  }

  package let text: String
  package let decision: String?
  package let field: Field?
  package let top: Top?

  /// Parses one path; nil with a message when it names no field.
  package static func parse(_ s: String) -> Result<SelectPath, SelectError> {
    if let t = Top(rawValue: s) { return .success(SelectPath(text: s, decision: nil, field: nil, top: t)) }
    guard let dot = s.lastIndex(of: "."), dot != s.startIndex else {
      return .failure(SelectError(message: "`\(s)` is not a result path",
                                  help: "write DECISION.FIELD (e.g. interim_measure.outcome) or one of: "
                                    + Top.allCases.map(\.rawValue).joined(separator: ", ")))
    }
    let name = String(s[..<dot]), f = String(s[s.index(after: dot)...])
    guard let field = Field(rawValue: f) else {
      let all = Field.allCases.map(\.rawValue)
      return .failure(SelectError(message: "`\(f)` in `\(s)` is not a field of a decision's result",
                                  help: Suggestions.didYouMean(f, in: all) ?? "fields: " + all.joined(separator: ", ")))
    }
    return .success(SelectPath(text: s, decision: name, field: field, top: nil))
  }
}

package struct SelectError: Error, Sendable {
  package let message: String
  package let help: String?
}

/// The `--select` paths resolved against one rule-set version (decision names to indices).
package struct SelectPlan: Sendable {
  package let paths: [SelectPath]
  let decisions: [Int?]

  package init(paths: [SelectPath], ruleSet: RuleSet) {
    self.paths = paths
    decisions = paths.map { $0.decision.flatMap { ruleSet.decisionIndex[$0] } }
  }

  /// The CSV header row.
  package static func csvHeader(_ paths: [SelectPath], into out: inout ByteOutput) {
    out.ascii("line,key")
    for p in paths {
      out.bytes.append(UInt8(ascii: ","))
      out.csvCell(p.text)
    }
    out.ascii(",error\n")
  }

  /// A flat JSON object: `line`, `key`, then each path.
  package func json(_ e: Evaluation, line: Int, key: JSON, digest: String, overrides: [(String, Value)],
                   into out: inout ByteOutput) {
    out.ascii("{\"line\":")
    out.int(line)
    out.ascii(",\"key\":")
    out.json(key)
    for (k, p) in paths.enumerated() {
      out.bytes.append(UInt8(ascii: ","))
      out.jsonString(p.text)
      out.bytes.append(UInt8(ascii: ":"))
      write(k, e, digest: digest, overrides: overrides, csv: false, into: &out)
    }
    out.ascii("}\n")
  }

  /// A CSV row: none is an empty cell, undetermined is `?`.
  package func csv(_ e: Evaluation, line: Int, key: JSON, digest: String, overrides: [(String, Value)],
                  into out: inout ByteOutput) {
    out.int(line)
    out.bytes.append(UInt8(ascii: ","))
    Self.csvKey(key, into: &out)
    for k in paths.indices {
      out.bytes.append(UInt8(ascii: ","))
      write(k, e, digest: digest, overrides: overrides, csv: true, into: &out)
    }
    out.ascii(",\n")
  }

  /// A CSV row for a line that failed: empty result cells, the message in `error`.
  package static func csvError(_ d: Diagnostic, columns: Int, line: Int, key: JSON, into out: inout ByteOutput) {
    out.int(line)
    out.bytes.append(UInt8(ascii: ","))
    csvKey(key, into: &out)
    for _ in 0..<columns { out.bytes.append(UInt8(ascii: ",")) }
    out.bytes.append(UInt8(ascii: ","))
    out.csvCell("\(d.range.start.line):\(d.range.start.column): error[\(d.code)]: \(d.message)")
    out.bytes.append(0x0A)
  }

  static func csvKey(_ key: JSON, into out: inout ByteOutput) {
    switch key {
    case .null: break
    case .string(let s): out.csvCell(s)
    default: out.csvCell(key.render(pretty: false))
    }
  }

  private func write(_ k: Int, _ e: Evaluation, digest: String, overrides: [(String, Value)], csv: Bool,
                     into out: inout ByteOutput) {
    let p = paths[k]
    func string(_ s: String?) {
      guard let s else { if !csv { out.ascii("null") }; return }
      if csv { out.csvCell(s) } else { out.jsonString(s) }
    }
    func list(_ xs: [String]) {
      if csv { out.csvCell(JSON.array(xs.map(JSON.string)).render(pretty: false)) } else { out.json(.array(xs.map(JSON.string))) }
    }
    func bool(_ b: Bool) { if b { out.ascii("true") } else { out.ascii("false") } }
    if let t = p.top {
      switch t {
      case .decided: bool(e.decided)
      case .asOf: string(e.asOf.description)
      case .asOfSource: string(e.asOfSource)
      case .missingFacts: list(e.missingFacts)
      case .runDigest:
        string(EvaluationJSON.runDigest(rules: digest, overrides: overrides, asOf: e.asOf, facts: e.facts.given))
      case .rulesetID: string(e.ruleSet.header.id.value)
      case .rulesetDigest: string(digest)
      }
      return
    }
    guard let d = decisions[k], let field = p.field else { string(nil); return }
    let r = e.results[d]
    // CSV: an undetermined decision's answer is `?` (not empty, which means none).
    if csv, !r.determined, field != .determined, field != .missingFacts, field != .possible {
      out.bytes.append(UInt8(ascii: "?"))
      return
    }
    switch field {
    case .outcome: string(r.hit == .collect ? r.outcomes.first : r.outcome)
    case .outcomes: list(r.outcomes)
    case .determined: bool(r.determined)
    case .deadline: string(r.deadline?.description)
    case .status: string(r.status.rawValue)
    case .rule: string(r.rules.first)
    case .rules: list(r.rules)
    case .obligations: list(r.obligations)
    case .excluded: list(r.excluded.map(\.exclusion))
    case .possible: list(r.possible)
    case .missingFacts: list(r.missingFacts)
    }
  }
}
