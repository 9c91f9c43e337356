import RulesEval
import RulesExpr
import RulesModel

/// `--select` columns written straight from the answers a `Program` leaves in its scratch
/// (`Program.decide(_:)`), with no `Evaluation` in between: texts are written from bytes quoted
/// once per rule set. Made only when every path can be answered that way; the bytes are exactly
/// those `SelectPlan.json` and `SelectPlan.csv` write for the same case.
package final class SelectAnswers: Sendable {
  package let program: Program
  let plan: SelectPlan
  /// Per path: the decision's hit policy (nil: a top-level path or a decision this version lacks).
  let hits: [HitPolicy?]
  /// Each interned text as a JSON string and as a CSV cell.
  let quoted: [[UInt8]]
  let cells: [[UInt8]]
  let rulesetID: String
  /// Per path: `,"PATH":` as written before its JSON value.
  let keys: [[UInt8]]

  /// Per path, as plain arrays of this writer's own (not the shared plan's buffers, whose reference
  /// counts every worker would otherwise touch).
  let tops: [SelectPath.Top?]
  let fields: [SelectPath.Field?]
  let decisions: [Int?]

  /// Nil when a path needs what only a full evaluation gives (`possible`, `missing_facts`, `run_digest`).
  /// `program`: the compiled program whose scratch is read (by default the one cached with the rule set).
  package init?(plan: SelectPlan, ruleSet: RuleSet, program: Program? = nil) {
    for p in plan.paths {
      if let t = p.top {
        guard t != .missingFacts, t != .runDigest else { return nil }
      } else if p.field == .possible || p.field == .missingFacts {
        return nil
      }
    }
    self.plan = plan
    self.program = program ?? Program.compiled(ruleSet)
    tops = plan.paths.map(\.top)
    fields = plan.paths.map(\.field)
    decisions = plan.decisions.map { $0 }
    hits = plan.decisions.map { $0.map { ruleSet.decisions[$0].hit } }
    var q: [[UInt8]] = [], c: [[UInt8]] = []
    for id in 0..<self.program.textCount {
      var o = ByteOutput(capacity: 32)
      o.jsonString(self.program.text(Int32(id)))
      q.append(o.bytes)
      o.bytes.removeAll()
      o.csvCell(self.program.text(Int32(id)))
      c.append(o.bytes)
    }
    quoted = q
    cells = c
    rulesetID = ruleSet.header.id.value
    keys = plan.paths.map { p in
      var o = ByteOutput(capacity: 64)
      o.bytes.append(UInt8(ascii: ","))
      o.jsonString(p.text)
      o.bytes.append(UInt8(ascii: ":"))
      return o.bytes
    }
  }

  /// What `SelectPlan.json` writes for this case. `s` is read only (inout so that it is not copied).
  package func json(_ s: inout PlanScratch, line: Int, key: JSON, asOf: CalendarDate, asOfSource: String,
                   decided: Bool, digest: String, into out: inout ByteOutput) {
    out.ascii("{\"line\":")
    out.int(line)
    out.ascii(",\"key\":")
    out.json(key)
    for k in keys.indices {
      out.bytes.append(contentsOf: keys[k])
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
    for k in keys.indices {
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
      if id < 0 { string(nil) } else { out.bytes.append(contentsOf: csv ? cells[Int(id)] : quoted[Int(id)]) }
    }
    func list(_ ids: ArraySlice<Int32>) {
      let xs = ids.map { JSON.string(program.text($0)) }
      if csv { out.csvCell(JSON.array(xs).render(pretty: false)) } else { out.json(.array(xs)) }
    }
    func bool(_ b: Bool) { if b { out.ascii("true") } else { out.ascii("false") } }
    if let t = tops[k] {
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
    guard let d = decisions[k], let field = fields[k] else { string(nil); return }
    let determined = s.determined(d)
    // CSV: an undetermined decision's answer is `?` (not empty, which means none).
    if csv, !determined, field != .determined {
      out.bytes.append(UInt8(ascii: "?"))
      return
    }
    switch field {
    case .outcome: text(hits[k] == .collect ? s.list(d, .outcomes).first ?? -1 : s.outcome(d))
    case .outcomes: list(s.list(d, .outcomes))
    case .determined: bool(determined)
    case .deadline:
      if let x = s.deadline(d) { date(x, csv: csv, into: &out) } else { string(nil) }
    case .status: string(s.status(d).rawValue)
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
