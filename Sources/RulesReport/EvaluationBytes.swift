import RulesEval
import RulesExpr
import RulesModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `eval --format json`'s object written straight into bytes, pretty-printed: the same bytes as
/// `EvaluationJSON.make(…).render()` without building the tree first. `serve` answers every
/// /v1/eval with it and `eval` prints it, so the two can never differ; a test compares it with the
/// tree on every ISMAP case, so the two renderings cannot drift apart.
public enum EvaluationBytes {
  /// The object and a final newline, appended to `out`.
  /// `fragments`: the rule set's constant parts rendered once (a server keeps them per rule set);
  /// they must belong to `e`'s rule set.
  public static func write(_ e: Evaluation, digest: String, trace: Bool = true, overrides: [(String, Value)] = [],
                           fragments: EvaluationFragments? = nil, into out: inout ByteOutput) {
    var w = PrettyWriter(out: out)
    out = ByteOutput(capacity: 0)
    let h = e.ruleSet.header
    let rs = e.ruleSet
    w.open(.object)
    w.key("file"); w.string(e.facts.path)
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
    for i in rs.main { w.key(e.results[i].name); decision(e.results[i], in: rs, trace: trace, dues: e, fragments, &w) }
    for i in rs.decisions.indices where !rs.main.contains(i) {
      w.key(e.results[i].name); decision(e.results[i], in: rs, trace: trace, dues: e, fragments, &w)
    }
    w.close(.object)
    w.key("missing_facts"); w.strings(e.missingFacts)
    w.key("questions"); w.json(.array(Questions.of(e).map(EvaluationJSON.question)))
    w.key("overrides"); w.json(.object(overrides.map { ($0.0, EvaluationJSON.value($0.1)) }))
    w.key("run_digest")
    w.string(EvaluationJSON.runDigest(rules: digest, overrides: overrides, asOf: e.asOf, facts: e.facts.given))
    w.key("engine_version"); w.string(EngineInfo.version)
    w.key("schema_version"); w.string(EngineInfo.schemaVersion)
    w.close(.object)
    w.out.ascii("\n")
    out = w.out
  }

  /// As `EvaluationJSON.decision` with a rule set.
  static func decision(_ r: DecisionResult, in rs: RuleSet, trace: Bool, dues: Evaluation, _ fragments: EvaluationFragments?,
                       _ w: inout PrettyWriter) {
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
        w.key("decided_by"); w.string(ConditionTexts.shared.decidedBy(t))
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

/// Pretty JSON (two-space indentation, as `JSON.render()`) written as it goes: `key`/`item` start an
/// entry of the open object/array, `open`/`close` nest.
struct PrettyWriter {
  enum Bracket { case object, array }

  var out: ByteOutput
  var level = 0
  /// The open container has no entry yet (it closes as `{}` / `[]`).
  var empty = true

  mutating func open(_ b: Bracket) {
    out.bytes.append(b == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
    level += 1
    empty = true
  }

  mutating func close(_ b: Bracket) {
    level -= 1
    if !empty {
      out.bytes.append(0x0A)
      out.spaces(level)
    }
    out.bytes.append(b == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    empty = false
  }

  mutating func item() {
    if empty { out.bytes.append(0x0A) } else { out.ascii(",\n") }
    out.spaces(level)
    empty = false
  }

  mutating func key(_ k: String) {
    item()
    out.jsonString(k)
    out.ascii(": ")
  }

  mutating func null() { out.ascii("null") }
  mutating func bool(_ b: Bool) { if b { out.ascii("true") } else { out.ascii("false") } }
  mutating func string(_ s: String?) { if let s { out.jsonString(s) } else { null() } }

  /// A string that needs no escaping (an ISO date), quoted; or null.
  mutating func raw(_ s: String?) {
    guard let s else { return null() }
    out.bytes.append(UInt8(ascii: "\""))
    out.raw(s)
    out.bytes.append(UInt8(ascii: "\""))
  }

  mutating func strings(_ xs: [String]) {
    open(.array)
    for x in xs { item(); out.jsonString(x) }
    close(.array)
  }

  /// A JSON tree at this place, indented to fit.
  mutating func json(_ j: JSON) { out.prettyJSON(j, indent: level) }

  mutating func value(_ v: Value) {
    switch v {
    case .bool(let b): bool(b)
    case .none: null()
    case .list(let xs):
      open(.array)
      for x in xs { item(); value(x) }
      close(.array)
    case .number: out.json(EvaluationJSON.value(v))
    default: out.jsonString(v.description)
    }
  }

  mutating func text(_ t: LocalizedText?) {
    guard let t else { return null() }
    open(.object)
    key("ja"); string(t.ja)
    key("en"); string(t.en)
    close(.object)
  }

  mutating func citation(_ c: Citation?) {
    guard let c else { return null() }
    open(.object)
    key("clause"); string(c.clause)
    if let q = c.quote { key("quote"); string(q) }
    close(.object)
  }
}

/// The constant parts of a rule set's evaluations, rendered once: each rule's trace entry but its
/// result, deciding condition and reads (its id, outcome and citation, quote included), and each
/// condition's printed text. Keyed by identity; the fragments hold the rule set, so no key is reused.
public final class EvaluationFragments: Sendable {
  /// The nesting of trace entries in the evaluation object (`decisions` → decision → `trace`).
  static let traceLevel = 4

  let ruleSet: RuleSet
  let entries: [ObjectIdentifier: (head: [UInt8], tail: [UInt8])]
  /// JSON strings (quoted, escaped) of each expression of a condition, and of exclusions' `unless id: …`.
  let conditions: [ObjectIdentifier: [UInt8]]
  let exclusions: [ObjectIdentifier: (id: String, text: [UInt8])]

  public init(_ rs: RuleSet) {
    ruleSet = rs
    var entries: [ObjectIdentifier: (head: [UInt8], tail: [UInt8])] = [:]
    var conditions: [ObjectIdentifier: [UInt8]] = [:]
    var exclusions: [ObjectIdentifier: (id: String, text: [UInt8])] = [:]
    func quoted(_ s: String) -> [UInt8] {
      var o = ByteOutput(capacity: s.utf8.count + 8)
      o.jsonString(s)
      return o.bytes
    }
    for d in rs.decisions {
      for rule in d.rules + (d.otherwise.map { [$0] } ?? []) {
        var head = PrettyWriter(out: ByteOutput(capacity: 256))
        head.level = Self.traceLevel
        head.empty = false
        head.open(.object)
        head.key("rule"); head.string(rule.id.value)
        head.key("outcome"); head.string(rule.outcome)
        head.key("result")
        var tail = PrettyWriter(out: ByteOutput(capacity: 512))
        tail.level = Self.traceLevel + 1
        tail.empty = false
        tail.key("source"); tail.citation(rule.source)
        tail.close(.object)
        entries[ObjectIdentifier(rule)] = (head.out.bytes, tail.out.bytes)
        for slot in rule.when?.slots ?? [] { conditions[ObjectIdentifier(slot)] = quoted(slot.syntax.description) }
        for x in rule.unless {
          for slot in x.when.slots {
            exclusions[ObjectIdentifier(slot)] = (x.id.value, quoted("unless \(x.id.value): " + Condition.expr(slot).description))
          }
        }
      }
    }
    self.entries = entries
    self.conditions = conditions
    self.exclusions = exclusions
  }

  /// Writes trace entry `t` from its fragments; false (nothing written) when it has none.
  func entry(_ t: RuleTrace, into w: inout PrettyWriter) -> Bool {
    guard let e = entries[ObjectIdentifier(t.ruleObject)] else { return false }
    let decided: [UInt8]?
    switch t.decider {
    case .condition(.expr(let slot))?: decided = conditions[ObjectIdentifier(slot)]
    case .exclusion(let id, .expr(let slot))?:
      decided = exclusions[ObjectIdentifier(slot)].flatMap { $0.id == id ? $0.text : nil }
    case nil: decided = Array("null".utf8)
    default: decided = nil
    }
    w.item()
    w.out.bytes.append(contentsOf: e.head)
    w.level = Self.traceLevel + 1
    w.empty = false
    w.string(t.result.rawValue)
    w.key("decided_by")
    if let decided { w.out.bytes.append(contentsOf: decided) } else { w.string(t.decidedBy) }
    w.key("reads"); w.open(.object)
    for read in t.reads {
      w.key(read.fact)
      if let v = read.value { w.value(v) } else { w.string("unknown") }
    }
    w.close(.object)
    w.out.bytes.append(contentsOf: e.tail)
    w.level = Self.traceLevel
    w.empty = false
    return true
  }
}

/// A trace entry's `decided_by` (`RuleTrace.decidedBy`), with each expression printed once: printing
/// is most of what a trace entry costs, and a server prints the same rules' conditions on every request.
/// Keyed by the expression's identity; an entry holds its expression, so the key cannot be reused.
final class ConditionTexts: @unchecked Sendable {
  static let shared = ConditionTexts()

  private var texts: [ObjectIdentifier: (slot: ExprSlot, text: String)] = [:]
  private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  private init() { pthread_mutex_init(lock, nil) }

  func decidedBy(_ t: RuleTrace) -> String? {
    switch t.decider {
    case .condition(.expr(let slot))?: return text(slot)
    case .exclusion(let id, .expr(let slot))?: return "unless " + id + ": " + text(slot)
    default: return t.decidedBy
    }
  }

  func text(_ slot: ExprSlot) -> String {
    let key = ObjectIdentifier(slot)
    pthread_mutex_lock(lock)
    let hit = texts[key]?.text
    pthread_mutex_unlock(lock)
    if let hit { return hit }
    let text = Condition.expr(slot).description
    pthread_mutex_lock(lock)
    // Rule sets loaded for `set` overrides come and go; the cache never outgrows a bound.
    if texts.count >= 50_000 { texts.removeAll() }
    texts[key] = (slot, text)
    pthread_mutex_unlock(lock)
    return text
  }
}
