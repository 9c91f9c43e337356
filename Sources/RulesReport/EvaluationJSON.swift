import Crypto
import RulesEval
import RulesExpr
import RulesModel

/// The engine's own version and the version of the JSON contract (docs/output.md). The schema
/// version's major part changes only when a key is removed or changes type; new keys raise the minor.
package enum EngineInfo {
  package static let version = "0.8.0"
  package static let schemaVersion = "1.3"
}

/// The stable JSON shape of an evaluation (documented in docs/output.md, schema in
/// docs/eval-output.schema.json).
package enum EvaluationJSON {
  /// `overrides`: the `--set` values in force (name → value as the rule set reads it), sorted by name.
  package static func make(_ e: Evaluation, digest: String, trace: Bool = true, overrides: [(String, Value)] = []) -> JSON {
    .object([("file", .string(e.facts.path))] + body(e, digest: digest, trace: trace, overrides: overrides))
  }

  /// Every key but `file`, in order (a batch line puts `line` and `key` in its place).
  package static func body(_ e: Evaluation, digest: String, trace: Bool = true, overrides: [(String, Value)] = [])
    -> [(String, JSON)]
  {
    let h = e.ruleSet.header
    // `main` decisions first, then the others in the order the rule set declares them.
    let rs = e.ruleSet
    let order = rs.main + rs.decisions.indices.filter { !rs.main.contains($0) }
    let decisions = order.map { (e.results[$0].name, decision(e.results[$0], in: rs, trace: trace, dues: e)) }
    let facts = JSON.object(e.facts.given.map { ($0.name, value($0.value)) })
    let overridesJSON = JSON.object(overrides.map { ($0.0, value($0.1)) })
    return [
      ("ruleset", .object([
        ("id", .string(h.id.value)), ("series", .string(h.series)), ("decided_on", .string(h.decidedOn.description)),
        ("effective_from", .string(h.effectiveFrom.description)), ("digest", .string(digest)),
      ])),
      ("as_of", .string(e.asOf.description)),
      ("as_of_source", .string(e.asOfSource)),
      ("facts", facts),
      ("decided", .bool(e.decided)),
      ("main", .array(e.ruleSet.main.map { .string(e.ruleSet.decisions[$0].name) })),
      ("decisions", .object(decisions)),
      ("missing_facts", .array(e.missingFacts.map(JSON.string))),
      ("questions", .array(Questions.of(e).map(question))),
      ("overrides", overridesJSON),
      ("run_digest", .string(runDigest(rules: digest, overrides: overrides, asOf: e.asOf, facts: e.facts.given))),
      ("engine_version", .string(EngineInfo.version)),
      ("schema_version", .string(EngineInfo.schemaVersion)),
    ]
  }

  /// One question of the interview (docs/interview.md).
  package static func question(_ q: Question) -> JSON {
    .object(fact(q.fact) + [
      ("needed_by", .array(q.neededBy.map { n in
        .object([("decision", .string(n.decision)), ("rule", .string(n.rule)), ("source", citation(n.source))])
      })),
    ])
  }

  /// A declared fact as a form needs it: name, labels, type and labelled values (a question's
  /// first keys, and each item of `serve`'s facts list).
  package static func fact(_ f: FactDecl) -> [(String, JSON)] {
    [
      ("fact", .string(f.name)),
      ("label", text(f.label)),
      ("type", .string(typeName(f.type))),
      ("optional", .bool(f.optional)),
      ("values", .array(f.enumValues.map { v in .object([("value", .string(v)), ("label", text(f.valueLabels[v]))]) })),
      ("description", text(f.description)),
    ]
  }

  /// A fact's type as rule files spell it (`enum`, `list of date`).
  package static func typeName(_ t: ExprType) -> String {
    switch t {
    case .bool: return "bool"
    case .date: return "date"
    case .number: return "number"
    case .string: return "string"
    case .duration: return "duration"
    case .enumeration: return "enum"
    case .list(let x): return "list of " + typeName(x)
    case .optional(let x): return typeName(x)
    default: return t.description
    }
  }

  /// SHA-256 over the rules digest, the overrides, the evaluation date and the facts (sorted by
  /// name, as compact JSON), so a run under `--set` is told from a plain one with the same facts.
  package static func runDigest(rules: String, overrides: [(String, Value)], asOf: CalendarDate,
                               facts: [(name: String, value: Value)]) -> String {
    // Written as bytes (the same bytes `JSON.render(pretty: false)` gives): this runs once a case in batch.
    var text = ByteOutput(capacity: 2048)
    text.ascii("ismap-rules run 1\n")
    text.raw(rules)
    text.ascii("\n")
    text.json(.object(overrides.sorted { $0.0 < $1.0 }.map { ($0.0, value($0.1)) }))
    text.ascii("\n")
    text.raw(asOf.description)
    text.ascii("\n")
    text.bytes.append(UInt8(ascii: "{"))
    for (i, f) in facts.sorted(by: { $0.name < $1.name }).enumerated() {
      if i > 0 { text.bytes.append(UInt8(ascii: ",")) }
      text.jsonString(f.name)
      text.bytes.append(UInt8(ascii: ":"))
      write(f.value, into: &text)
    }
    text.bytes.append(UInt8(ascii: "}"))
    let d = SHA256.hash(data: text.bytes)
    return "sha256:" + d.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
  }

  /// The rule that gave a `first`/`unique` decision its outcome (the `otherwise` fall-back when no rule matched).
  static func matchingRules(_ r: DecisionResult, _ d: Decision) -> [Rule] {
    let matched = r.rules.compactMap { id in d.rules.first { $0.id.value == id } }
    if matched.isEmpty, r.determined, !r.outcomes.isEmpty, let o = d.otherwise { return [o] }
    return matched
  }

  /// An outcome's title: the decision's `outcomes:` entry, else the matching rule's title.
  static func outcomeTitle(_ outcome: String, _ d: Decision, _ rules: [Rule]) -> JSON {
    text(d.outcomeTexts[outcome]?.title ?? rules.first { $0.outcome == outcome && $0.title != nil }?.title)
  }

  /// `dues`: the evaluation whose due dates the obligation items carry.
  package static func decision(_ r: DecisionResult, in rs: RuleSet? = nil, trace: Bool, dues: Evaluation? = nil) -> JSON {
    var kv: [(String, JSON)] = []
    if r.hit == .collect {
      kv.append(("outcomes", .array(r.outcomes.map(JSON.string))))
    } else {
      kv.append(("outcome", JSON.string(r.outcome)))
    }
    kv += [
      ("determined", .bool(r.determined)),
      ("deadline", JSON.string(r.deadline?.description)),
      ("status", .string(r.status.rawValue)),
      ("rules", .array(r.rules.map(JSON.string))),
      ("obligations", .array(r.obligations.map(JSON.string))),
      ("excluded", .array(r.excluded.map { x in
        .object([("rule", .string(x.rule)), ("exclusion", .string(x.exclusion)),
                 ("reason", text(x.reason)), ("source", citation(x.source))])
      })),
      ("possible", .array(r.possible.map(JSON.string))),
      ("missing_facts", .array(r.missingFacts.map(JSON.string))),
    ]
    if let rs, let di = rs.decisionIndex[r.name] {
      let d = rs.decisions[di]
      let rules = matchingRules(r, d)
      let first = r.outcomes.first
      kv.append(("title", text(d.title)))
      kv.append(("outcome_title", first.map { outcomeTitle($0, d, rules) } ?? .null))
      kv.append(("source", citation(rules.first?.source)))
      if r.hit == .collect {
        kv.append(("outcome_titles", .array(r.outcomes.map { outcomeTitle($0, d, rules) })))
        kv.append(("sources", .array(rules.map { citation($0.source) })))
      }
      kv.append(("obligation_items", .array(r.obligations.map { id in
        let o = rs.obligationIndex[id].map { rs.obligations[$0] }
        return .object([("id", .string(id)), ("text", text(o?.text)), ("source", citation(o?.source))]
                       + (dues.map { due(id, in: $0) } ?? []))
      })))
    }
    if trace {
      kv.append(("trace", .array(r.trace.map { t in
        .object([
          ("rule", .string(t.rule)), ("outcome", .string(t.outcome)), ("result", .string(t.result.rawValue)),
          ("decided_by", JSON.string(t.decidedBy)),
          ("reads", .object(t.reads.map { ($0.fact, $0.value.map(value) ?? .string("unknown")) })),
          ("source", citation(t.source)),
        ])
      })))
    }
    return .object(kv)
  }

  /// `due` (the date, or null: no fixed deadline or not yet known) and `overdue` (past due on the
  /// evaluation date; null while the due date is unknown) for obligation `id`.
  package static func due(_ id: String, in e: Evaluation) -> [(String, JSON)] {
    let d = e.dues[id] ?? Due.none
    return [("due", JSON.string(d.date?.description)), ("overdue", d.overdue(on: e.asOf).map(JSON.bool) ?? .null)]
  }

  /// `value(v)` on one line (`ByteOutput.json(value(v))`), without building it first.
  package static func write(_ v: Value, into out: inout ByteOutput) {
    switch v {
    case .bool(let b): if b { out.ascii("true") } else { out.ascii("false") }
    case .none: out.ascii("null")
    case .list(let xs):
      out.bytes.append(UInt8(ascii: "["))
      for (i, x) in xs.enumerated() {
        if i > 0 { out.bytes.append(UInt8(ascii: ",")) }
        write(x, into: &out)
      }
      out.bytes.append(UInt8(ascii: "]"))
    case .number: out.json(value(v))
    default: out.jsonString(v.description)
    }
  }

  package static func value(_ v: Value) -> JSON {
    switch v {
    case .bool(let b): return .bool(b)
    case .number(let n): return .number(n)
    case .none: return .null
    case .list(let xs): return .array(xs.map(value))
    default: return .string(v.description)
    }
  }

  package static func text(_ t: LocalizedText?) -> JSON {
    guard let t else { return .null }
    return .object([("ja", JSON.string(t.ja)), ("en", JSON.string(t.en))])
  }

  static func citation(_ c: Citation?) -> JSON {
    guard let c else { return .null }
    var kv: [(String, JSON)] = [("clause", .string(c.clause))]
    if let q = c.quote { kv.append(("quote", .string(q))) }
    return .object(kv)
  }
}

/// Block-style YAML from the same tree (strings double-quoted, so the output always reads back).
package enum YAMLOutput {
  package static func render(_ j: JSON) -> String {
    var out = ""
    write(j, indent: 0, into: &out, inList: false)
    return out
  }

  static func write(_ j: JSON, indent: Int, into out: inout String, inList: Bool) {
    let pad = String(repeating: "  ", count: indent)
    switch j {
    case .object(let kvs) where !kvs.isEmpty:
      for (i, (k, v)) in kvs.enumerated() {
        out += (inList && i == 0 ? "" : pad) + key(k) + ":"
        scalarOrNested(v, indent: indent + 1, into: &out)
      }
    case .array(let xs) where !xs.isEmpty:
      for x in xs {
        out += pad + "- "
        switch x {
        case .object(let kv) where !kv.isEmpty: write(x, indent: indent + 1, into: &out, inList: true)
        default: out += x.render(pretty: false) + "\n"
        }
      }
    default:
      out += pad + j.render(pretty: false) + "\n"
    }
  }

  static func scalarOrNested(_ v: JSON, indent: Int, into out: inout String) {
    switch v {
    case .object(let kv) where !kv.isEmpty:
      out += "\n"
      write(v, indent: indent, into: &out, inList: false)
    case .array(let xs) where !xs.isEmpty:
      out += "\n"
      write(v, indent: indent, into: &out, inList: false)
    default:
      out += " " + v.render(pretty: false) + "\n"
    }
  }

  static func key(_ k: String) -> String {
    let plain = !k.isEmpty && k.unicodeScalars.allSatisfy {
      ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" || $0 == "-" || $0 == "."
    }
    return plain ? k : JSON.string(k).render(pretty: false)
  }
}
