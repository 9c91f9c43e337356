#if canImport(Glibc)
import Glibc
#endif
import RulesExpr
import RulesModel
import RulesSource

/// How one rule-set version binds a batch record's fields to its fact slots: a hash table from
/// dotted names (as bytes) to fact indices, and each fact's type in a form that converts a field
/// without building strings for names, dates or enum values. Immutable; shared by every worker.
package final class FactSlots: Sendable {
  package let ruleSet: RuleSet
  private let table: [Int32]
  private let mask: Int
  let names: [[UInt8]]
  let kinds: [Kind]
  /// Per fact: its name and whether it may be `null`, read on the hot path without copying a `FactDecl`.
  let factNames: [String]
  let optional: [Bool]
  /// The compiled program of the rule set, and per fact the program's ids of its enum values
  /// (-1: a value no rule mentions, which is interned per case as the program would).
  let program: Program
  let ids: [[Int32]]
  /// Per fact: its kind without payload, and an enum's values as bytes (read without copying a `Kind`).
  let tags: [Tag]
  let enumBytes: [[[UInt8]]]

  enum Tag: UInt8, Sendable { case bool, number, date, enumeration, other }

  enum Kind: Sendable {
    case bool, number, string, date, duration
    /// The values as bytes, and the same values as `Value`s (shared, so binding one allocates nothing).
    case enumeration([[UInt8]], [Value])
    case list(ExprType)
  }

  /// `program`: the compiled program whose scratch `bind(_:skip:bytes:file:into:)` fills (by
  /// default the one cached with the rule set; a batch worker brings its own).
  package init(_ ruleSet: RuleSet, program: Program? = nil) {
    self.ruleSet = ruleSet
    names = ruleSet.facts.map { Array($0.name.utf8) }
    factNames = ruleSet.facts.map(\.name)
    optional = ruleSet.facts.map(\.optional)
    let p = program ?? Program.compiled(ruleSet)
    self.program = p
    ids = ruleSet.facts.map { d in
      guard case .enumeration(_, let values) = d.type else { return [] }
      return values.map { p.strings.ids[$0] ?? -1 }
    }
    kinds = ruleSet.facts.map { d in
      switch d.type {
      case .bool: return .bool
      case .number: return .number
      case .date: return .date
      case .duration: return .duration
      case .enumeration(_, let values): return .enumeration(values.map { Array($0.utf8) }, values.map(Value.string))
      case .list(let t): return .list(t)
      default: return .string
      }
    }
    tags = kinds.map { k in
      switch k {
      case .bool: return .bool
      case .number: return .number
      case .date: return .date
      case .enumeration: return .enumeration
      default: return .other
      }
    }
    enumBytes = kinds.map { if case .enumeration(let b, _) = $0 { b } else { [] } }
    var size = 16
    while size < names.count * 2 { size *= 2 }
    var t = [Int32](repeating: 0, count: size)
    for (i, n) in names.enumerated() {
      var h = Self.hash(n[...]) & (size - 1)
      while t[h] != 0 { h = (h + 1) & (size - 1) }
      t[h] = Int32(i + 1)
    }
    table = t
    mask = size - 1
  }

  static func hash(_ bytes: ArraySlice<UInt8>) -> Int {
    bytes.withUnsafeBufferPointer { hash($0) }
  }

  static func hash(_ b: UnsafeBufferPointer<UInt8>) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for x in b { h = (h ^ UInt64(x)) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }

  /// The fact index of a dotted name, or nil; `hint` is the index a record in the same layout had
  /// at this field (records of one file mostly share their field order), tried before hashing.
  @inline(__always)
  func index(of name: ArraySlice<UInt8>, hint: Int32) -> Int? {
    if hint >= 0 && hint < names.count && Self.equals(name, names[Int(hint)]) { return Int(hint) }
    return index(of: name)
  }

  /// The fact index of a dotted name, or nil.
  package func index(of name: ArraySlice<UInt8>) -> Int? {
    name.withUnsafeBufferPointer { n in
      var h = Self.hash(n) & mask
      while true {
        let e = Int(table[h])
        if e == 0 { return nil }
        let found = names[e - 1].withUnsafeBufferPointer { c in
          c.count == n.count && (c.count == 0 || memcmp(c.baseAddress!, n.baseAddress!, c.count) == 0)
        }
        if found { return e - 1 }
        h = (h + 1) & mask
      }
    }
  }

  /// Binds every field of `record` but those at `skip` (its `as_of` and key) to a fact of the rule
  /// set. `bytes` are the record as read, for error columns; `file` names the input.
  package func bind(_ record: BatchRecord, skip: (Int, Int), bytes: UnsafeBufferPointer<UInt8>, file: String)
    throws(RecordError) -> Facts
  {
    var values = [Value?](repeating: nil, count: names.count)
    var given: [(name: String, value: Value)] = []
    given.reserveCapacity(record.fields.count)
    for (n, f) in record.fields.enumerated() where n != skip.0 && n != skip.1 {
      let (i, null) = try slot(record, f, hint: -1, bytes: bytes, file: file, given: { values[$0] != nil })
      let v: Value
      if null {
        v = .none
      } else {
        do throws(ConversionError) { v = try convert(record, f, kinds[i]) } catch {
          throw failure(error, record, f, i, bytes: bytes, file: file)
        }
      }
      values[i] = v
      given.append((factNames[i], v))
    }
    return Facts(values: values, given: given, path: file)
  }

  /// The same binding, written straight into the slots of `scratch` (begun with
  /// `beginBound(asOf:)` on the program of this rule set) as plan values: enum values become the
  /// program's ids without making a string, dates and numbers are read from the bytes, and no
  /// `Facts` is made. Fails with the same diagnostic as `bind(_:skip:bytes:file:)`.
  package func bind(_ record: BatchRecord, skip: (Int, Int), bytes: UnsafeBufferPointer<UInt8>, file: String,
                   into scratch: inout PlanScratch) throws(RecordError) {
    precondition(scratch.program === program && scratch.bound, "scratch of another program, or not begun with beginBound")
    if scratch.fieldHints.count < record.fields.count {
      scratch.fieldHints += [Int32](repeating: -1, count: record.fields.count - scratch.fieldHints.count)
    }
    for (n, f) in record.fields.enumerated() where n != skip.0 && n != skip.1 {
      let (k, null) = try slot(record, f, hint: scratch.fieldHints[n], bytes: bytes, file: file, given: { scratch.isSet($0) })
      scratch.fieldHints[n] = Int32(k)
      let v: PV
      if null {
        v = .none
      } else {
        do throws(ConversionError) { v = try plan(record, f, k, &scratch) } catch {
          throw failure(error, record, f, k, bytes: bytes, file: file)
        }
      }
      _ = scratch.set(k, v)
    }
  }

  /// The checks both binders make before converting a field: it names a fact, not one `given`
  /// already; the result says whether it is a `null` the fact allows.
  @inline(__always)
  private func slot(_ record: BatchRecord, _ f: BatchRecord.Field, hint: Int32, bytes: UnsafeBufferPointer<UInt8>, file: String,
                    given: (Int) -> Bool) throws(RecordError) -> (Int, Bool) {
    func fail(_ code: DiagnosticCode, _ message: String, help: String? = nil) -> RecordError {
      RecordError(code, message, file: file, line: record.line,
                  column: scalarColumn(bytes, offset: Int(f.keyOffset)), help: help)
    }
    guard let i = index(of: record.name(f), hint: hint) else {
      let name = record.nameString(f)
      throw fail(.unknownFact, "unknown fact `\(name)`",
                 help: Suggestions.didYouMean(name, in: ruleSet.facts.map(\.name))
                   ?? "rule set `\(ruleSet.header.id.value)` declares no such fact")
    }
    if given(i) { throw fail(.duplicateKey, "fact `\(factNames[i])` is given twice") }
    guard f.kind == .null || (f.kind == .cell && Self.equals(record.value(f), Self.nullBytes)) else { return (i, false) }
    guard optional[i] else {
      throw RecordError(.nullNotAllowed, "fact `\(factNames[i])` cannot be `null`", file: file, line: record.line,
                        column: scalarColumn(bytes, offset: Int(f.valueOffset)),
                        help: "give a \(ruleSet.facts[i].type) value, or leave the fact out if it is not known")
    }
    return (i, true)
  }

  private func failure(_ error: ConversionError, _ record: BatchRecord, _ f: BatchRecord.Field, _ i: Int,
                       bytes: UnsafeBufferPointer<UInt8>, file: String) -> RecordError {
    RecordError(error.code, "fact `\(factNames[i])`" + (error.message.hasPrefix(":") ? "" : " ") + error.message,
                file: file, line: record.line, column: scalarColumn(bytes, offset: Int(f.valueOffset)), help: error.help)
  }

  static let nullBytes = Array("null".utf8), trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

  /// Byte equality by `memcmp` (generic `elementsEqual` showed in the profile).
  @inline(__always)
  static func equals(_ a: ArraySlice<UInt8>, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
    }
  }

  /// A field as a plan value: what `convert` gives, turned into a plan value as the program would.
  /// The common kinds are read from the bytes here; the rest go through `convert`.
  private func plan(_ r: BatchRecord, _ f: BatchRecord.Field, _ k: Int, _ s: inout PlanScratch)
    throws(ConversionError) -> PV
  {
    switch tags[k] {
    case .bool:
      if f.kind == .true { return .true }
      if f.kind == .false { return .false }
    case .number:
      if f.kind == .number { return .number(try Self.number(r.value(f))) }
    case .date:
      if f.kind == .string || f.kind == .cell { return .date(try Self.date(r.value(f))) }
    case .enumeration:
      if f.kind == .string || f.kind == .cell {
        let text = r.value(f), values = enumBytes[k], id = ids[k]
        for j in values.indices where id[j] >= 0 && Self.equals(text, values[j]) { return .sym(id[j]) }
      }
    case .other: break
    }
    return s.convert(try convert(r, f, kinds[k]))
  }

  struct ConversionError: Error {
    let code: DiagnosticCode
    let message: String
    let help: String?
    init(_ code: DiagnosticCode, _ message: String, help: String? = nil) {
      self.code = code
      self.message = message
      self.help = help
    }
  }

  private func what(_ k: BatchRecord.Kind) -> String {
    switch k {
    case .string: return "a text"
    case .number: return "a number"
    case .true, .false: return "a bool"
    case .null: return "null"
    case .array: return "a list"
    case .cell: return "this text"
    }
  }

  private func convert(_ r: BatchRecord, _ f: BatchRecord.Field, _ kind: Kind) throws(ConversionError) -> Value {
    let text = r.value(f)
    switch kind {
    case .bool:
      if f.kind == .true || (f.kind == .cell && Self.equals(text, Self.trueBytes)) { return .bool(true) }
      if f.kind == .false || (f.kind == .cell && Self.equals(text, Self.falseBytes)) { return .bool(false) }
      throw ConversionError(.expectedBool, "must be `true` or `false`, not \(what(f.kind))", help: "write `true` or `false`")
    case .number:
      guard f.kind == .number || f.kind == .cell else {
        throw ConversionError(.expectedNumber, "must be a number, not \(what(f.kind))", help: "write the number without quotes")
      }
      return .number(try Self.number(text))
    case .string:
      switch f.kind {
      case .string, .cell, .number: return .string(String(decoding: text, as: UTF8.self))
      case .true: return .string("true")
      case .false: return .string("false")
      default: throw ConversionError(.expectedText, "must be text, not \(what(f.kind))")
      }
    case .date:
      guard f.kind == .string || f.kind == .cell else {
        throw ConversionError(.expectedDate, "must be a date (YYYY-MM-DD), not \(what(f.kind))", help: "write the date in double quotes, e.g. \"2021-07-06\"")
      }
      return .date(try Self.date(text))
    case .enumeration(let bytes, let values):
      guard f.kind == .string || f.kind == .cell else {
        throw ConversionError(.expectedText, "must be text, not \(what(f.kind))")
      }
      for (k, b) in bytes.enumerated() where Self.equals(text, b) { return values[k] }
      let s = String(decoding: text, as: UTF8.self)
      let all = values.map(\.description)
      throw ConversionError(.unknownValue, "takes no value `\(s)`",
                            help: Suggestions.didYouMean(s, in: all) ?? "write one of: \(all.joined(separator: ", "))")
    case .duration:
      guard f.kind == .string || f.kind == .cell else {
        throw ConversionError(.expectedDuration, "must be a duration such as `1 year` or `P6M`")
      }
      let s = String(decoding: text, as: UTF8.self)
      guard let e = try? ExprParser.parse(s), case .literal(.duration(let d)) = e.kind else {
        throw ConversionError(.expectedDuration, "must be a duration such as `1 year` or `P6M`")
      }
      return .duration(d)
    case .list(let item):
      guard f.kind == .array || f.kind == .cell else {
        throw ConversionError(.expectedList, "must be a list, not \(what(f.kind))", help: "write a JSON array, e.g. [\"a\", \"b\"]")
      }
      let tree: JSONValue
      do throws(JSONSyntaxError) {
        tree = try Array(text).withUnsafeBufferPointer { b throws(JSONSyntaxError) in try JSONRecordReader().value(b) }
      } catch {
        throw ConversionError(.expectedList, "must be a JSON array: " + error.message, help: "write a JSON array, e.g. [\"a\", \"b\"]")
      }
      guard case .array(let xs) = tree else {
        throw ConversionError(.expectedList, "must be a list", help: "write a JSON array, e.g. [\"a\", \"b\"]")
      }
      return .list(try xs.map { x throws(ConversionError) in try Self.item(x, item) })
    }
  }

  private static func item(_ x: JSONValue, _ type: ExprType) throws(ConversionError) -> Value {
    switch (type.unwrapped, x) {
    case (_, .null) where type.isOptional: return .none
    case (.bool, .bool(let b)): return .bool(b)
    case (.number, .number(let s, _)): return .number(try number(Array(s.utf8)[...]))
    case (.string, .string(let s)): return .string(s)
    case (.date, .string(let s)): return .date(try date(Array(s.utf8)[...]))
    case (.enumeration(_, let values), .string(let s)):
      guard values.contains(s) else {
        throw ConversionError(.unknownValue, "has no value `\(s)` in its list",
                              help: Suggestions.didYouMean(s, in: values) ?? "write one of: \(values.joined(separator: ", "))")
      }
      return .string(s)
    default: throw ConversionError(.typeMismatch, "has a list item that is not a \(type)")
    }
  }

  static let powers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { a, _ in a * 10 } }

  /// A decimal number as a facts file takes it: `-?digits(.digits)?`, at most 15 significant digits
  /// (no exponent), converted exactly as the YAML reader converts it.
  static func number(_ t: ArraySlice<UInt8>) throws(ConversionError) -> Double {
    try t.withUnsafeBufferPointer { b throws(ConversionError) in try number(b) }
  }

  static func number(_ t: UnsafeBufferPointer<UInt8>) throws(ConversionError) -> Double {
    var i = t.startIndex
    let negative = i < t.endIndex && t[i] == UInt8(ascii: "-")
    if negative { i += 1 }
    var mantissa: UInt64 = 0, digits = 0, frac = 0, sawDot = false, any = false
    var leading = true
    while i < t.endIndex {
      let c = t[i]
      if c == UInt8(ascii: "."), !sawDot, any {
        sawDot = true
      } else if c >= 0x30 && c <= 0x39 {
        any = true
        if c != 0x30 || !leading { leading = false; digits += 1 }
        if digits > 15 {
          throw ConversionError(.expectedNumber, "is a number of more than 15 significant digits",
                                help: "numbers are limited to 15 significant digits")
        }
        mantissa = mantissa &* 10 &+ UInt64(c - 0x30)
        if sawDot { frac += 1 }
      } else {
        throw ConversionError(.expectedNumber, "must be a number such as 12 or 3.5, not `\(String(decoding: t, as: UTF8.self))`",
                              help: c | 0x20 == UInt8(ascii: "e") ? "write the number without an exponent" : nil)
      }
      i += 1
    }
    guard any, t.last != UInt8(ascii: ".") else {
      throw ConversionError(.expectedNumber, "must be a number such as 12 or 3.5, not `\(String(decoding: t, as: UTF8.self))`")
    }
    // Exact when both are exact doubles (as strtod would round); long fractions take the slow path.
    guard frac < powers.count else { return Double(String(decoding: t, as: UTF8.self)) ?? 0 }
    let v = Double(mantissa) / powers[frac]
    return negative ? -v : v
  }

  /// A date written `YYYY-MM-DD`, read from the bytes; nil for anything else (which the date
  /// parser then reads, or explains).
  package static func isoDate(_ t: ArraySlice<UInt8>) -> CalendarDate? {
    guard t.count == 10 else { return nil }
    return t.withUnsafeBufferPointer { isoDate($0.baseAddress!, 10) }
  }

  /// The same, from `n` bytes at `t`.
  @inline(__always)
  package static func isoDate(_ t: UnsafePointer<UInt8>, _ n: Int) -> CalendarDate? {
    guard n == 10, t[4] == UInt8(ascii: "-"), t[7] == UInt8(ascii: "-") else { return nil }
    @inline(__always) func d(_ k: Int) -> Int { Int(t[k]) &- 0x30 }
    @inline(__always) func digit(_ k: Int) -> Bool { UInt(bitPattern: d(k)) <= 9 }
    guard digit(0), digit(1), digit(2), digit(3), digit(5), digit(6), digit(8), digit(9) else { return nil }
    return CalendarDate(year: d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), month: d(5) * 10 + d(6), day: d(8) * 10 + d(9))
  }

  /// `YYYY-MM-DD`; anything else goes through the date parser for its message.
  static func date(_ t: ArraySlice<UInt8>) throws(ConversionError) -> CalendarDate {
    if let date = isoDate(t) { return date }
    do throws(DateParseError) {
      return try CalendarDate.parse(String(decoding: t, as: UTF8.self))
    } catch {
      throw ConversionError(.badDate, ": " + error.message, help: error.help)
    }
  }
}
