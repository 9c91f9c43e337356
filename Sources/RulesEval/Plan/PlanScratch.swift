import RulesExpr
import RulesModel

/// One worker's reusable state for evaluating cases with a `Program`: memo tables, the facts of the
/// case being evaluated, trace buffers. Made by `Program.makeScratch()`, reused for every case;
/// memo entries are invalidated by a generation counter, so starting a case costs O(1) whatever
/// the size of the rule set.
public struct PlanScratch: Sendable {
  let program: Program
  /// The case's facts as given (nil: unknown).
  var facts: [Value?] = []
  var asOf = CalendarDate(dayNumber: 0)
  var tracing = false
  var generation: UInt32 = 0

  /// Facts converted to plan values on first read.
  var slots: [PV]
  var slotGeneration: [UInt32]

  /// Texts met in this case that the rule set does not contain.
  var extraStrings: [String] = []
  var extraIDs: [String: Int32] = [:]

  /// Definitions: value and, when tracing, the range of `reads` it read.
  var definitionValue: [PTri]
  var definitionReads: [Range<Int>]
  var definitionGeneration: [UInt32]

  /// Decisions: result, compact record for expressions that read it, and a cycle guard.
  var decisionResult: [DecisionResult?]
  var decisionRecord: [DecisionRecord]
  var decisionGeneration: [UInt32]
  var deciding: [Bool]
  /// The rules each decision chose that have a condition (ranges of `chosenRules`), for due dates.
  var chosenRange: [Range<Int>]
  var chosenRules: [Int32] = []

  /// Facts read since the case began, in order (traces only).
  var reads: [Int] = []
  /// Stacks shared by nested decisions (a rule may decide another decision on demand).
  var matchedStack: [Int32] = []
  var candidateStack: [Int32] = []
  var excludedStack: [ExclusionHit] = []
  /// Shared by the trace entries of the case being evaluated (traces only).
  var traceContext: TraceContext?

  init(program: Program) {
    self.program = program
    let f = program.factCount, d = program.definitionCount, n = program.decisions.count
    slots = [PV](repeating: .none, count: f)
    slotGeneration = [UInt32](repeating: 0, count: f)
    definitionValue = [PTri](repeating: .known(.none), count: d)
    definitionReads = [Range<Int>](repeating: 0..<0, count: d)
    definitionGeneration = [UInt32](repeating: 0, count: d)
    decisionResult = [DecisionResult?](repeating: nil, count: n)
    decisionRecord = [DecisionRecord](repeating: DecisionRecord(), count: n)
    decisionGeneration = [UInt32](repeating: 0, count: n)
    deciding = [Bool](repeating: false, count: n)
    chosenRange = [Range<Int>](repeating: 0..<0, count: n)
    reads.reserveCapacity(256)
    matchedStack.reserveCapacity(16)
    candidateStack.reserveCapacity(16)
  }

  /// Starts a case: O(1) apart from clearing texts the previous case added.
  mutating func begin(facts: [Value?], asOf: CalendarDate, tracing: Bool) {
    precondition(facts.count == program.factCount, "facts are bound to another rule set")
    self.facts = facts
    self.asOf = asOf
    self.tracing = tracing
    generation &+= 1
    if generation == 0 {
      // Wrapped around: no stale entry may look current.
      generation = 1
      for i in slotGeneration.indices { slotGeneration[i] = 0 }
      for i in definitionGeneration.indices { definitionGeneration[i] = 0 }
      for i in decisionGeneration.indices { decisionGeneration[i] = 0 }
    }
    if !extraStrings.isEmpty {
      extraStrings.removeAll(keepingCapacity: true)
      extraIDs.removeAll(keepingCapacity: true)
    }
    reads.removeAll(keepingCapacity: true)
    chosenRules.removeAll(keepingCapacity: true)
    // A failed case may have left entries behind.
    matchedStack.removeAll(keepingCapacity: true)
    candidateStack.removeAll(keepingCapacity: true)
    excludedStack.removeAll(keepingCapacity: true)
  }

  /// Fact `i` as a plan value; nil when unknown. Records the read when tracing.
  @inline(__always) mutating func fact(_ i: Int) -> PV? {
    if tracing { reads.append(i) }
    if slotGeneration[i] == generation { return slots[i] }
    guard let v = facts[i] else { return nil }
    let p = convert(v)
    slots[i] = p
    slotGeneration[i] = generation
    return p
  }

  @inline(__always) func isGiven(_ i: Int) -> Bool { facts[i] != nil }

  /// A `Value` as a plan value; texts the rule set does not contain get a per-case id.
  mutating func convert(_ v: Value) -> PV {
    switch v {
    case .none: return .none
    case .bool(let b): return .bool(b)
    case .number(let n): return .number(n)
    case .date(let d): return .date(d)
    case .duration(let d): return .duration(d)
    case .string(let s): return .sym(intern(s))
    case .list(let xs): return .list(xs.map { convert($0) })
    case .row(let t, let i): return .row(table: Int32(t), index: Int32(i))
    }
  }

  mutating func intern(_ s: String) -> Int32 {
    if let id = program.strings.ids[s] { return id }
    if let id = extraIDs[s] { return id }
    let id = Int32(program.strings.texts.count + extraStrings.count)
    extraStrings.append(s)
    extraIDs[s] = id
    return id
  }

  func text(_ id: Int32) -> String {
    let n = program.strings.texts.count
    return Int(id) < n ? program.strings.texts[Int(id)] : extraStrings[Int(id) - n]
  }

  /// A plan value back as a `Value` (for the shared builtins and for messages).
  func value(_ p: PV) -> Value {
    switch p {
    case .none: return .none
    case .bool(let b): return .bool(b)
    case .number(let n): return .number(n)
    case .date(let d): return .date(d)
    case .duration(let d): return .duration(d)
    case .sym(let id): return .string(text(id))
    case .list(let xs): return .list(xs.map { value($0) })
    case .row(let t, let i): return .row(table: Int(t), index: Int(i))
    }
  }
}

/// What expressions may read of a decided decision, without strings.
struct DecisionRecord {
  var determined = false
  /// Interned outcome, or -1 for none.
  var outcome: Int32 = -1
  /// Interned id of the first chosen rule that has a condition, or -1.
  var firstRule: Int32 = -1
  var deadline: CalendarDate?
  var status: Int32 = -1
  var missing = FactBits()
}
