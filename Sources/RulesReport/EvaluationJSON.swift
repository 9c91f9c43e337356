import RulesEval
import RulesExpr
import RulesModel

/// The stable JSON shape of an evaluation (documented in docs/output.md).
public enum EvaluationJSON {
  public static func make(_ e: Evaluation, digest: String, trace: Bool = true) -> JSON {
    let h = e.ruleSet.header
    // `main` decisions first, then the others in the order the rule set declares them.
    let rs = e.ruleSet
    let order = rs.main + rs.decisions.indices.filter { !rs.main.contains($0) }
    let decisions = order.map { (e.results[$0].name, decision(e.results[$0], trace: trace)) }
    return .object([
      ("file", .string(e.facts.path)),
      ("ruleset", .object([
        ("id", .string(h.id.value)), ("series", .string(h.series)), ("decided_on", .string(h.decidedOn.description)),
        ("effective_from", .string(h.effectiveFrom.description)), ("digest", .string(digest)),
      ])),
      ("as_of", .string(e.asOf.description)),
      ("as_of_source", .string(e.asOfSource)),
      ("facts", .object(e.facts.given.map { ($0.name, value($0.value)) })),
      ("decided", .bool(e.decided)),
      ("main", .array(e.ruleSet.main.map { .string(e.ruleSet.decisions[$0].name) })),
      ("decisions", .object(decisions)),
      ("missing_facts", .array(e.missingFacts.map(JSON.string))),
      ("obligation_dues", .object(dueOrder(e).map { ($0, .object(due($0, in: e))) })),
    ])
  }

  /// `due` (the date, or null: no fixed deadline or not yet known) and `overdue` (past due on the
  /// evaluation date; null while the due date is unknown) for obligation `id`.
  public static func due(_ id: String, in e: Evaluation) -> [(String, JSON)] {
    let d = e.dues[id] ?? Due.none
    return [("due", JSON.string(d.date?.description)), ("overdue", d.overdue(on: e.asOf).map(JSON.bool) ?? .null)]
  }

  /// The obligations with a due entry, in declaration order.
  static func dueOrder(_ e: Evaluation) -> [String] {
    e.ruleSet.obligations.map(\.id).filter { e.dues[$0] != nil }
  }

  public static func decision(_ r: DecisionResult, trace: Bool) -> JSON {
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

  public static func value(_ v: Value) -> JSON {
    switch v {
    case .bool(let b): return .bool(b)
    case .number(let n): return .number(n)
    case .none: return .null
    case .list(let xs): return .array(xs.map(value))
    default: return .string(v.description)
    }
  }

  static func text(_ t: LocalizedText?) -> JSON {
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
public enum YAMLOutput {
  public static func render(_ j: JSON) -> String {
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
