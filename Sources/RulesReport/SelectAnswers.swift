import RulesEval
import RulesExpr
import RulesModel

/// `--select` columns written straight from the answers a `Program` leaves in its scratch
/// (`Program.decide(_:)`), with no `Evaluation` in between: texts are written from bytes quoted
/// once per rule set. Made only when every path can be answered that way; the bytes are exactly
/// those `SelectPlan.json` and `SelectPlan.csv` write for the same case.
package final class SelectAnswers: @unchecked Sendable {
  package let program: Program
  let plan: SelectPlan
  let rulesetID: String
  /// Per path, what to write (plain data, read through a pointer: no reference counting per line).
  private let columns: UnsafeMutableBufferPointer<Column>
  /// The bytes written from: per text id its JSON string then its CSV cell, per path `,"PATH":`,
  /// per status its JSON string then its CSV cell; `starts` has where each begins (and one past the end).
  private let bytes: UnsafeMutableBufferPointer<UInt8>
  private let starts: UnsafeMutableBufferPointer<Int32>
  private let statusBase: Int

  struct Column {
    var top: SelectPath.Top?
    var field: SelectPath.Field?
    /// The decision's index (-1: a top-level path or a decision this version lacks).
    var decision: Int32
    var collect: Bool
    /// Index of this path's key in `starts`.
    var key: Int32
  }

  /// Nil when a path needs what only a full evaluation gives (`possible`, `missing_facts`, `run_digest`).
  /// `program`: the compiled program whose scratch is read (by default the one cached with the rule set).
  package init?(plan: SelectPlan, ruleSet: RuleSet, program: Program? = nil) {
    guard Self.canAnswer(plan.paths) else { return nil }
    self.plan = plan
    let program = program ?? Program.compiled(ruleSet)
    self.program = program
    rulesetID = ruleSet.header.id.value
    var all: [UInt8] = [], at: [Int32] = []
    func add(_ b: [UInt8]) {
      at.append(Int32(all.count))
      all += b
    }
    var o = ByteOutput(capacity: 64)
    func piece(_ write: (inout ByteOutput) -> Void) {
      o.bytes.removeAll(keepingCapacity: true)
      write(&o)
      add(o.bytes)
    }
    for id in 0..<program.textCount {
      let t = program.text(Int32(id))
      piece { $0.jsonString(t) }
      piece { $0.csvCell(t) }
    }
    var cs: [Column] = []
    for (k, p) in plan.paths.enumerated() {
      let d = plan.decisions[k]
      cs.append(Column(top: p.top, field: p.field, decision: d.map(Int32.init) ?? -1,
                       collect: d.map { ruleSet.decisions[$0].hit == .collect } ?? false, key: Int32(at.count)))
      piece {
        $0.bytes.append(UInt8(ascii: ","))
        $0.jsonString(p.text)
        $0.bytes.append(UInt8(ascii: ":"))
      }
    }
    statusBase = at.count
    for st in Self.statuses {
      piece { $0.jsonString(st.rawValue) }
      piece { $0.csvCell(st.rawValue) }
    }
    at.append(Int32(all.count))
    columns = .allocate(capacity: max(1, cs.count))
    _ = columns.initialize(from: cs)
    bytes = .allocate(capacity: max(1, all.count))
    _ = bytes.initialize(from: all)
    starts = .allocate(capacity: at.count)
    _ = starts.initialize(from: at)
    columnCount = cs.count
  }

  private let columnCount: Int

  /// Whether every path can be answered from the scratch (not `possible`, `missing_facts`, `run_digest`).
  package static func canAnswer(_ paths: [SelectPath]) -> Bool {
    paths.allSatisfy { p in
      if let t = p.top { return t != .missingFacts && t != .runDigest }
      return p.field != .possible && p.field != .missingFacts
    }
  }

  static let statuses: [DecisionResult.Status] = [.active, .expired, .none, .undetermined]
  @inline(__always) static func index(_ s: DecisionResult.Status) -> Int {
    switch s {
    case .active: return 0
    case .expired: return 1
    case .none: return 2
    case .undetermined: return 3
    }
  }

  deinit {
    columns.deallocate()
    bytes.deallocate()
    starts.deallocate()
  }

  /// Piece `i` of `bytes`, appended to `out`.
  @inline(__always)
  private func piece(_ i: Int, into out: inout ByteOutput) {
    let s = Int(starts[i])
    out.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes.baseAddress! + s, count: Int(starts[i + 1]) - s))
  }

  /// What `SelectPlan.json` writes for this case. `s` is read only (inout so that it is not copied).
  package func json(_ s: inout PlanScratch, line: Int, key: JSON, asOf: CalendarDate, asOfSource: String,
                   decided: Bool, digest: String, into out: inout ByteOutput) {
    out.ascii("{\"line\":")
    out.int(line)
    out.ascii(",\"key\":")
    out.json(key)
    for k in 0..<columnCount {
      piece(Int(columns[k].key), into: &out)
      write(k, &s, asOf: asOf, asOfSource: asOfSource, decided: decided, digest: digest, csv: false, into: &out)
    }
    out.ascii("}\n")
  }

  /// What `SelectPlan.csv` writes for this case.
  package func csv(_ s: inout PlanScratch, line: Int, key: JSON, asOf: CalendarDate, asOfSource: String,
                  decided: Bool, digest: String, into out: inout ByteOutput) {
    out.int(line)
    out.bytes.append(UInt8(ascii: ","))
    SelectPlan.csvKey(key, into: &out)
    for k in 0..<columnCount {
      out.bytes.append(UInt8(ascii: ","))
      write(k, &s, asOf: asOf, asOfSource: asOfSource, decided: decided, digest: digest, csv: true, into: &out)
    }
    out.ascii(",\n")
  }

  private func write(_ k: Int, _ s: inout PlanScratch, asOf: CalendarDate, asOfSource: String, decided: Bool,
                     digest: String, csv: Bool, into out: inout ByteOutput) {
    func string(_ t: String?) {
      guard let t else { if !csv { out.ascii("null") }; return }
      if csv { out.csvCell(t) } else { out.jsonString(t) }
    }
    func text(_ id: Int32) {
      if id < 0 { string(nil) } else { piece(2 * Int(id) + (csv ? 1 : 0), into: &out) }
    }
    func list(_ ids: ArraySlice<Int32>) {
      let xs = ids.map { JSON.string(program.text($0)) }
      if csv { out.csvCell(JSON.array(xs).render(pretty: false)) } else { out.json(.array(xs)) }
    }
    func bool(_ b: Bool) { if b { out.ascii("true") } else { out.ascii("false") } }
    let c = columns[k]
    if let t = c.top {
      switch t {
      case .decided: bool(decided)
      case .asOf: date(asOf, csv: csv, into: &out)
      case .asOfSource: string(asOfSource)
      case .rulesetID: string(rulesetID)
      case .rulesetDigest: string(digest)
      case .missingFacts, .runDigest: preconditionFailure("SelectAnswers made for a path it cannot answer")
      }
      return
    }
    guard c.decision >= 0, let field = c.field else { string(nil); return }
    let d = Int(c.decision)
    let determined = s.determined(d)
    // CSV: an undetermined decision's answer is `?` (not empty, which means none).
    if csv, !determined, field != .determined {
      out.bytes.append(UInt8(ascii: "?"))
      return
    }
    switch field {
    case .outcome: text(c.collect ? s.list(d, .outcomes).first ?? -1 : s.outcome(d))
    case .outcomes: list(s.list(d, .outcomes))
    case .determined: bool(determined)
    case .deadline:
      if let x = s.deadline(d) { date(x, csv: csv, into: &out) } else { string(nil) }
    case .status: piece(statusBase + 2 * Self.index(s.status(d)) + (csv ? 1 : 0), into: &out)
    case .rule: text(s.list(d, .rules).first ?? -1)
    case .rules: list(s.list(d, .rules))
    case .obligations: list(s.list(d, .obligations))
    case .excluded: list(s.list(d, .excluded))
    case .possible, .missingFacts: preconditionFailure("SelectAnswers made for a path it cannot answer")
    }
  }

  /// A date as `CalendarDate.description` gives it, quoted for JSON (a date needs no CSV quoting).
  private func date(_ x: CalendarDate, csv: Bool, into out: inout ByteOutput) {
    guard (0...9999).contains(x.year) else {
      if csv { out.csvCell(x.description) } else { out.jsonString(x.description) }
      return
    }
    if !csv { out.bytes.append(UInt8(ascii: "\"")) }
    let y = x.year, m = x.month, dd = x.day
    out.bytes.append(UInt8(0x30 + y / 1000))
    out.bytes.append(UInt8(0x30 + y / 100 % 10))
    out.bytes.append(UInt8(0x30 + y / 10 % 10))
    out.bytes.append(UInt8(0x30 + y % 10))
    out.bytes.append(UInt8(ascii: "-"))
    out.bytes.append(UInt8(0x30 + m / 10))
    out.bytes.append(UInt8(0x30 + m % 10))
    out.bytes.append(UInt8(ascii: "-"))
    out.bytes.append(UInt8(0x30 + dd / 10))
    out.bytes.append(UInt8(0x30 + dd % 10))
    if !csv { out.bytes.append(UInt8(ascii: "\"")) }
  }
}
