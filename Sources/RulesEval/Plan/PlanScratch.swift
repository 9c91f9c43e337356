import RulesExpr
import RulesModel

/// One worker's reusable state for evaluating cases with a `Program`: memo tables, the facts of the
/// case being evaluated, trace buffers. Made by `Program.makeScratch()`, reused for every case;
/// memo entries are invalidated by a generation counter, so starting a case costs O(1) whatever
/// the size of the rule set.
package struct PlanScratch: Sendable {
  let program: Program
  /// The case's facts as given (nil: unknown).
  var facts: [Value?] = []
  var asOf = CalendarDate(dayNumber: 0)
  var tracing = false
  /// The facts were written straight into `slots` (`FactSlots.bind(_:into:)`): a slot not set
  /// this case is unknown, and `facts` is not read.
  var bound = false
  /// Decide into the records and id lists only, without a `DecisionResult` per decision.
  var lean = false
  var generation: UInt32 = 0

  /// Facts converted to plan values on first read.
  var slots: [PV]
  var slotGeneration: [UInt32]

  /// Per field position of the last record bound (`FactSlots.bind(_:into:)`), the fact it named.
  var fieldHints: [Int32] = []

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
  /// Each decision's outcomes, rules, obligations and exclusions as interned ids (ranges of `listIDs`).
  var lists: [DecisionLists]
  var listIDs: [Int32] = []

  /// Facts read since the case began, in order (traces only).
  var reads: [Int] = []
  /// Stacks shared by nested decisions (a rule may decide another decision on demand).
  var matchedStack: [Int32] = []
  var candidateStack: [Int32] = []
  /// Exclusions that fired, as indices of `Code.exclusions`.
  var excludedStack: [Int32] = []
  /// Shared by the trace entries of the case being evaluated (traces only).
  var traceContext: TraceContext?

  init(program: Program) {
    self.program = program
    let f = program.factCount, d = program.definitionCount, n = program.decisionCount
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
    lists = [DecisionLists](repeating: DecisionLists(), count: n)
    listIDs.reserveCapacity(64)
    reads.reserveCapacity(256)
    matchedStack.reserveCapacity(16)
    candidateStack.reserveCapacity(16)
  }

  /// Starts a case: O(1) apart from clearing texts the previous case added.
  mutating func begin(facts: [Value?], asOf: CalendarDate, tracing: Bool) {
    precondition(facts.count == program.factCount, "facts are bound to another rule set")
    self.facts = facts
    bound = false
    lean = false
    start(asOf: asOf, tracing: tracing)
  }

  /// Starts an untraced case whose facts `FactSlots.bind(_:into:)` writes into the slots next, and
  /// which `Program.decide(_:)` decides without making a `DecisionResult`.
  package mutating func beginBound(asOf: CalendarDate) {
    bound = true
    lean = true
    start(asOf: asOf, tracing: false)
  }

  private mutating func start(asOf: CalendarDate, tracing: Bool) {
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
    listIDs.removeAll(keepingCapacity: true)
    // A failed case may have left entries behind.
    matchedStack.removeAll(keepingCapacity: true)
    candidateStack.removeAll(keepingCapacity: true)
    excludedStack.removeAll(keepingCapacity: true)
  }

  /// Fact `i` as a plan value; nil when unknown. Records the read when tracing.
  @inline(__always) mutating func fact(_ i: Int) -> PV? {
    if tracing { reads.append(i) }
    if slotGeneration[i] == generation { return slots[i] }
    if bound { return nil }
    guard let v = facts[i] else { return nil }
    let p = convert(v)
    slots[i] = p
    slotGeneration[i] = generation
    return p
  }

  @inline(__always) func isGiven(_ i: Int) -> Bool { bound ? slotGeneration[i] == generation : facts[i] != nil }

  /// Sets fact `i` of a bound case; false when it was set already this case.
  @inline(__always) mutating func set(_ i: Int, _ v: PV) -> Bool {
    if slotGeneration[i] == generation { return false }
    slots[i] = v
    slotGeneration[i] = generation
    return true
  }

  @inline(__always) func isSet(_ i: Int) -> Bool { slotGeneration[i] == generation }

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
  /// `status` as `DecisionResult.Status.index`.
  var statusIndex: Int8 = 3
  var missing = FactBits()
}

/// Where one decision's id lists lie in `PlanScratch.listIDs`: outcomes, then rules, obligations
/// and exclusions that fired, back to back.
struct DecisionLists {
  var start = 0, rulesStart = 0, obligationsStart = 0, excludedStart = 0, end = 0
}

/// A list field of a decision's result, as ids of the program's texts.
package enum DecisionList: Sendable {
  case outcomes, rules, obligations, excluded
}

/// The answers of the case last decided by `Program.decide(_:)`, read as ids without making a
/// `DecisionResult` (`--select` writes its columns from these). Each equals the field of the
/// `DecisionResult` that `Program.evaluate` would give.
extension PlanScratch {
  package func determined(_ d: Int) -> Bool { decisionRecord[d].determined }
  /// `outcome` as a text id, or -1 for none (and for a `collect` decision).
  package func outcome(_ d: Int) -> Int32 { decisionRecord[d].outcome }
  package func deadline(_ d: Int) -> CalendarDate? { decisionRecord[d].deadline }
  package func status(_ d: Int) -> DecisionResult.Status { DecisionResult.Status.ordered[Int(decisionRecord[d].statusIndex)] }
  package func list(_ d: Int, _ which: DecisionList) -> ArraySlice<Int32> {
    let l = lists[d]
    switch which {
    case .outcomes: return listIDs[l.start..<l.rulesStart]
    case .rules: return listIDs[l.rulesStart..<l.obligationsStart]
    case .obligations: return listIDs[l.obligationsStart..<l.excludedStart]
    case .excluded: return listIDs[l.excludedStart..<l.end]
    }
  }
}
