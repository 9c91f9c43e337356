import RulesEval
import RulesExpr
import RulesModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The constant parts of a rule set's evaluations, rendered once: each rule's trace entry but its
/// result, deciding condition and reads (its id, outcome and citation, quote included), and each
/// condition's printed text. Keyed by identity; the fragments hold the rule set, so no key is reused.
package final class EvaluationFragments: Sendable {
  /// The nesting of trace entries in the evaluation object (`decisions` → decision → `trace`).
  static let traceLevel = 4

  let ruleSet: RuleSet
  let entries: [ObjectIdentifier: (head: [UInt8], tail: [UInt8])]
  /// JSON strings (quoted, escaped) of each expression of a condition, and of exclusions' `unless id: …`.
  let conditions: [ObjectIdentifier: [UInt8]]
  let exclusions: [ObjectIdentifier: (id: String, text: [UInt8])]

  package init(_ rs: RuleSet) {
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
package final class ConditionTexts: @unchecked Sendable {
  static let shared = ConditionTexts()

  private var texts: [ObjectIdentifier: (slot: ExprSlot, text: String)] = [:]
  private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  /// A cache of one's own (a batch worker's): `shared` serves every thread through one lock.
  package init() { pthread_mutex_init(lock, nil) }

  deinit {
    pthread_mutex_destroy(lock)
    lock.deallocate()
  }

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
