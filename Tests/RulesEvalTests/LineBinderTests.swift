import RulesExpr
import Testing
@testable import RulesEval

/// `LineBinder` fills a program's fact slots from a JSON line's bytes exactly as the general binder
/// (`JSONRecordReader`, then `FactSlots.bind(_:skip:bytes:file:into:)`) does from the same line, and
/// leaves to it what it must explain. Texts the program holds become its ids without a `String`;
/// others, and texts in another canonically equivalent form, are interned as the program would.
@Suite struct LineBinderTests {
  static let set = """
    ruleset: {id: lb, series: lb, title: LB, decided_on: 2024-04-01, effective_from: 2000-01-01, main: [d]}
    facts:
      kind: {type: enum, values: [alpha, beta, gamma]}
      who: {type: string, optional: true}
      count: {type: number, optional: true}
      flag: bool
      day: {type: date, optional: true}
      span: {type: duration, optional: true}
    decisions:
      d:
        hit: first
        rules:
          - {id: guide, source: s, when: who == "ガイド"}
          - {id: alpha, source: s, when: kind == "alpha" and flag}
        otherwise: {outcome: none}

    """

  /// The slots both binders fill for `line`, or nil for a binder that does not take it.
  static func both(_ line: String, _ binder: LineBinder) -> (fast: [PV?]?, general: [PV?]?) {
    let slots = binder.slots, program = slots.program
    let bytes = Array(line.utf8)
    return bytes.withUnsafeBufferPointer { b in
      func read(_ s: PlanScratch) -> [PV?] {
        (0..<program.factCount).map { s.isSet($0) ? s.slots[$0] : nil }.map { v in
          // Texts by their words (ids past the program's are per case).
          if case .sym(let id)? = v, Int(id) >= program.textCount { return .sym(Int32(-1 - s.text(id).utf8.count)) }
          return v
        }
      }
      var scanner = JSONLineScanner()
      var fast: [PV?]?
      var s1 = program.makeScratch()
      s1.beginBound(asOf: CalendarDate(year: 2024, month: 7, day: 1)!)
      if scanner.scan(b), binder.bind(b, scanner.fields, skip: (-1, -1), into: &s1) { fast = read(s1) }
      var general: [PV?]?
      var record = BatchRecord()
      record.reset(line: 1)
      var s2 = program.makeScratch()
      s2.beginBound(asOf: CalendarDate(year: 2024, month: 7, day: 1)!)
      do {
        try JSONRecordReader().read(b, into: &record)
        try slots.bind(record, skip: (-1, -1), bytes: b, file: "x", into: &s2)
        general = read(s2)
      } catch {}
      return (fast, general)
    }
  }

  @Test func bindsAsTheGeneralBinder() throws {
    let rs = try ruleSet(Self.set)
    let program = Program(rs)
    let binder = LineBinder(FactSlots(rs, program: program))
    let taken = [
      #"{"kind":"alpha","flag":true}"#,
      #"{"kind":"gamma","flag":false,"who":"ガイド","count":12.5,"day":"2024-02-29"}"#,
      #"{"flag":true,"who":"Heroku","count":-0,"day":"2024-02-01"}"#,
      "{\"flag\":true,\"who\":\"\u{30AB}\u{3099}イド\"}",  // canonically equivalent to ガイド
      #"{"flag":true,"who":12,"count":null,"day":null}"#,
      #"{"flag":true,"who":true}"#,
    ]
    for line in taken {
      let (fast, general) = Self.both(line, binder)
      #expect(fast != nil, "\(line)")
      #expect(general != nil, "\(line)")
      #expect(fast.map { $0.map { $0.map(String.init(describing:)) } } == general.map { $0.map { $0.map(String.init(describing:)) } },
              "\(line)")
    }
    let left = [
      #"{"kind":"delta","flag":true}"#,  // no such value
      #"{"kind":null,"flag":true}"#,  // null for a fact that is not optional
      #"{"flag":true,"flag":false}"#,  // given twice
      #"{"flag":"true"}"#,  // a text for a bool
      #"{"flag":true,"count":1e3}"#,  // an exponent
      #"{"flag":true,"day":"2024-02-30"}"#,  // no such day
      #"{"flag":true,"span":"1 year"}"#,  // a duration: the general binder's
      #"{"flag":true,"nope":1}"#,  // no such fact
      #"{"flag":true,"day":"令和6年2月1日"}"#,  // a date not written YYYY-MM-DD
    ]
    for line in left { #expect(Self.both(line, binder).fast == nil, "\(line)") }
  }

  @Test func textsOfTheProgramAreFoundByTheirBytes() throws {
    let program = Program(try ruleSet(Self.set))
    let interner = ByteInterner(program: program)
    for id in 0..<Int32(program.textCount) {
      let t = Array(program.text(id).utf8)
      #expect(t.withUnsafeBufferPointer { interner.id($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, t.count) } == id)
    }
    let other = Array("\u{30AB}\u{3099}イド".utf8)
    #expect(other.withUnsafeBufferPointer { interner.id($0.baseAddress!, other.count) } == -1)
  }
}
