import RulesEval
import RulesExpr
import RulesModel

/// `eval --format json`'s object written straight into bytes, pretty-printed: the same bytes as
/// `EvaluationJSON.make(…).render()` without building the tree first. `serve` answers every
/// /v1/eval with it and `eval` prints it, so the two can never differ; a test compares it with the
/// tree on every ISMAP case, so the two renderings cannot drift apart.
package enum EvaluationBytes {
  /// The object and a final newline, appended to `out`.
  /// `fragments`: the rule set's constant parts rendered once (a server keeps them per rule set);
  /// they must belong to `e`'s rule set.
  package static func write(_ e: Evaluation, digest: String, trace: Bool = true, overrides: [(String, Value)] = [],
                           fragments: EvaluationFragments? = nil, into out: inout ByteOutput) {
    var w = PrettyWriter(out: out)
    out = ByteOutput(capacity: 0)
    w.open(.object)
    w.key("file"); w.string(e.facts.path)
    members(e, digest: digest, trace: trace, overrides: overrides, fragments: fragments, texts: .shared, &w)
    w.close(.object)
    w.out.ascii("\n")
    out = w.out
  }

  /// The object's members after `file` (batch lines write `line` and `key` in its place).
  /// `texts`: where conditions printed for traces are kept (one per thread in a batch, so that
  /// workers do not wait for each other's lock).
  static func members(_ e: Evaluation, digest: String, trace: Bool, overrides: [(String, Value)],
                      fragments: EvaluationFragments?, texts: ConditionTexts, _ w: inout PrettyWriter) {
    let h = e.ruleSet.header
    let rs = e.ruleSet
    w.key("ruleset"); w.open(.object)
    w.key("id"); w.string(h.id.value)
    w.key("series"); w.string(h.series)
    w.key("decided_on"); w.raw(h.decidedOn.description)
    w.key("effective_from"); w.raw(h.effectiveFrom.description)
    w.key("digest"); w.string(digest)
    w.close(.object)
    w.key("as_of"); w.raw(e.asOf.description)
    w.key("as_of_source"); w.string(e.asOfSource)
    w.key("facts"); w.open(.object)
    for f in e.facts.given { w.key(f.name); w.value(f.value) }
    w.close(.object)
    w.key("decided"); w.bool(e.decided)
    w.key("main"); w.open(.array)
    for m in rs.main { w.item(); w.string(rs.decisions[m].name) }
    w.close(.array)
    w.key("decisions"); w.open(.object)
    // `main` decisions first, then the others in the order the rule set declares them.
    for i in rs.main {
      w.key(e.results[i].name); decision(e.results[i], in: rs, trace: trace, dues: e, fragments, texts, &w)
    }
    for i in rs.decisions.indices where !rs.main.contains(i) {
      w.key(e.results[i].name); decision(e.results[i], in: rs, trace: trace, dues: e, fragments, texts, &w)
    }
    w.close(.object)
    w.key("missing_facts"); w.strings(e.missingFacts)
    w.key("questions"); w.json(.array(Questions.of(e).map(EvaluationJSON.question)))
    w.key("overrides"); w.json(.object(overrides.map { ($0.0, EvaluationJSON.value($0.1)) }))
    w.key("run_digest")
    w.string(EvaluationJSON.runDigest(rules: digest, overrides: overrides, asOf: e.asOf, facts: e.facts.given))
    w.key("engine_version"); w.string(EngineInfo.version)
    w.key("schema_version"); w.string(EngineInfo.schemaVersion)
  }

  /// As `EvaluationJSON.decision` with a rule set.
  static func decision(_ r: DecisionResult, in rs: RuleSet, trace: Bool, dues: Evaluation, _ fragments: EvaluationFragments?,
                       _ texts: ConditionTexts, _ w: inout PrettyWriter) {
    w.open(.object)
    if r.hit == .collect {
      w.key("outcomes"); w.strings(r.outcomes)
    } else {
      w.key("outcome"); w.string(r.outcome)
    }
    w.key("determined"); w.bool(r.determined)
    w.key("deadline"); w.raw(r.deadline?.description)
    w.key("status"); w.string(r.status.rawValue)
    w.key("rules"); w.strings(r.rules)
    w.key("obligations"); w.strings(r.obligations)
    w.key("excluded"); w.open(.array)
    for x in r.excluded {
      w.item(); w.open(.object)
      w.key("rule"); w.string(x.rule)
      w.key("exclusion"); w.string(x.exclusion)
      w.key("reason"); w.text(x.reason)
      w.key("source"); w.citation(x.source)
      w.close(.object)
    }
    w.close(.array)
    w.key("possible"); w.strings(r.possible)
    w.key("missing_facts"); w.strings(r.missingFacts)
    if let di = rs.decisionIndex[r.name] {
      let d = rs.decisions[di]
      let rules = EvaluationJSON.matchingRules(r, d)
      w.key("title"); w.text(d.title)
      w.key("outcome_title")
      if let first = r.outcomes.first { w.text(outcomeTitle(first, d, rules)) } else { w.null() }
      w.key("source"); w.citation(rules.first?.source)
      if r.hit == .collect {
        w.key("outcome_titles"); w.open(.array)
        for o in r.outcomes { w.item(); w.text(outcomeTitle(o, d, rules)) }
        w.close(.array)
        w.key("sources"); w.open(.array)
        for rule in rules { w.item(); w.citation(rule.source) }
        w.close(.array)
      }
      w.key("obligation_items"); w.open(.array)
      for id in r.obligations {
        let o = rs.obligationIndex[id].map { rs.obligations[$0] }
        w.item(); w.open(.object)
        w.key("id"); w.string(id)
        w.key("text"); w.text(o?.text)
        w.key("source"); w.citation(o?.source)
        let due = dues.dues[id] ?? Due.none
        w.key("due"); w.raw(due.date?.description)
        w.key("overdue")
        if let b = due.overdue(on: dues.asOf) { w.bool(b) } else { w.null() }
        w.close(.object)
      }
      w.close(.array)
    }
    if trace {
      w.key("trace"); w.open(.array)
      for t in r.trace {
        if let fragments, w.level == EvaluationFragments.traceLevel, fragments.entry(t, into: &w) { continue }
        w.item(); w.open(.object)
        w.key("rule"); w.string(t.rule)
        w.key("outcome"); w.string(t.outcome)
        w.key("result"); w.string(t.result.rawValue)
        w.key("decided_by"); w.string(texts.decidedBy(t))
        w.key("reads"); w.open(.object)
        for read in t.reads {
          w.key(read.fact)
          if let v = read.value { w.value(v) } else { w.string("unknown") }
        }
        w.close(.object)
        w.key("source"); w.citation(t.source)
        w.close(.object)
      }
      w.close(.array)
    }
    w.close(.object)
  }

  static func outcomeTitle(_ outcome: String, _ d: Decision, _ rules: [Rule]) -> LocalizedText? {
    d.outcomeTexts[outcome]?.title ?? rules.first { $0.outcome == outcome && $0.title != nil }?.title
  }
}
