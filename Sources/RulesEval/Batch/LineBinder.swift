#if canImport(Glibc)
import Glibc
#endif
import RulesExpr

/// Binds a JSON line that `JSONLineScanner` read straight from its bytes into a program's fact
/// slots: names are found by position hint or byte hash, dates, numbers and bools are read from
/// the bytes, enum values and texts become the program's text ids by byte comparison. Each
/// value is the one `FactSlots.bind(_:skip:bytes:file:into:)` gives for the same record; what
/// that binder would refuse, and the rare kinds (durations, lists), make `bind` answer false, and
/// the caller binds the line the general way, which explains the error. One per worker and
/// program; its tables are flat memory read through pointers.
package final class LineBinder: @unchecked Sendable {
  package let slots: FactSlots
  private let names: ByteInterner
  private let texts: ByteInterner
  private let facts: UnsafeMutableBufferPointer<FactInfo>
  /// Each enum fact's values (ranges of it per `FactInfo`), their bytes in `enumBytes`.
  private let enums: UnsafeMutableBufferPointer<EnumValue>
  private let enumBytes: UnsafeMutableBufferPointer<UInt8>
  /// Enum values no rule mentions (`EnumValue.id` -1), interned per case as the program does.
  private let enumTexts: [String]

  enum Tag: UInt8 { case bool, number, date, enumeration, text, other }

  struct FactInfo {
    var tag: Tag
    var optional: Bool
    var enumStart: Int32, enumEnd: Int32
  }

  struct EnumValue {
    var start: Int32, count: Int32
    /// The program's text id, or -1.
    var id: Int32
    /// Index in `enumTexts` when `id` is -1.
    var text: Int32
  }

  /// `slots`: the fact slots of the rule set, made for the program whose scratch `bind` fills.
  package init(_ slots: FactSlots) {
    self.slots = slots
    names = ByteInterner(slots.factNames)
    texts = ByteInterner(program: slots.program)
    let n = slots.factNames.count
    facts = .allocate(capacity: max(1, n))
    var values: [EnumValue] = [], bytes: [UInt8] = [], extra: [String] = []
    for k in 0..<n {
      let tag: Tag
      switch slots.kinds[k] {
      case .bool: tag = .bool
      case .number: tag = .number
      case .date: tag = .date
      case .enumeration: tag = .enumeration
      case .string: tag = .text
      case .duration, .list: tag = .other
      }
      let start = Int32(values.count)
      if case .enumeration(let vb, let vs) = slots.kinds[k] {
        for j in vb.indices {
          let id = slots.ids[k][j]
          var text: Int32 = -1
          if id < 0, case .string(let s) = vs[j] {
            text = Int32(extra.count)
            extra.append(s)
          }
          values.append(EnumValue(start: Int32(bytes.count), count: Int32(vb[j].count), id: id, text: text))
          bytes += vb[j]
        }
      }
      facts[k] = FactInfo(tag: tag, optional: slots.optional[k], enumStart: start, enumEnd: Int32(values.count))
    }
    enums = .allocate(capacity: max(1, values.count))
    _ = enums.initialize(from: values)
    enumBytes = .allocate(capacity: max(1, bytes.count))
    _ = enumBytes.initialize(from: bytes)
    enumTexts = extra
  }

  deinit {
    facts.deallocate()
    enums.deallocate()
    enumBytes.deallocate()
  }

  /// Binds every field of `fields` (as `JSONLineScanner` found them in `line`) but those at
  /// `skip` into `scratch`, begun with `beginBound(asOf:)`. False when the general binder must
  /// read the line instead; the scratch is then half-filled and must be begun again.
  package func bind(_ line: UnsafeBufferPointer<UInt8>, _ fields: [JSONLineScanner.Field], skip: (Int, Int),
                    into s: inout PlanScratch) -> Bool {
    guard let p = line.baseAddress else { return fields.isEmpty }
    if s.fieldHints.count < fields.count {
      s.fieldHints += [Int32](repeating: -1, count: fields.count - s.fieldHints.count)
    }
    let generation = s.generation
    // Texts that are not the program's are interned after the loop (it holds the slots' buffers).
    var later: UInt64 = 0
    let ok = fields.withUnsafeBufferPointer { fs in
      s.fieldHints.withUnsafeMutableBufferPointer { hints in
        s.slotGeneration.withUnsafeMutableBufferPointer { gens in
          s.slots.withUnsafeMutableBufferPointer { slots in
            for n in fs.indices where n != skip.0 && n != skip.1 {
              let f = fs[n]
              let kp = p + Int(f.keyStart), kn = Int(f.keyEnd &- f.keyStart)
              let hint = hints[n]
              let k: Int
              if hint >= 0 && names.matches(hint, kp, kn) {
                k = Int(hint)
              } else {
                let id = names.id(kp, kn)
                guard id >= 0 else { return false }
                hints[n] = id
                k = Int(id)
              }
              guard gens[k] != generation else { return false }
              switch value(f, p, facts[k]) {
              case .value(let v):
                slots[k] = v
                gens[k] = generation
              case .intern:
                guard n < 64 else { return false }
                later |= 1 << UInt64(n)
              case .refuse:
                return false
              }
            }
            return true
          }
        }
      }
    }
    guard ok else { return false }
    while later != 0 {
      let n = later.trailingZeroBitCount
      later &= later &- 1
      let f = fields[n], k = Int(s.fieldHints[n])
      let text: String
      if facts[k].tag == .enumeration {
        guard let j = enumIndex(f, p, facts[k]) else { return false }
        text = enumTexts[Int(enums[j].text)]
      } else {
        text = String(decoding: UnsafeBufferPointer(start: p + Int(f.valueStart), count: Int(f.valueEnd &- f.valueStart)),
                      as: UTF8.self)
      }
      guard s.set(k, .sym(s.intern(text))) else { return false }
    }
    return true
  }

  enum Bound {
    case value(PV)
    /// A text to intern as a `String` (not one of the program's).
    case intern
    /// One the general binder must read (and, most often, explain).
    case refuse
  }

  /// Field `f`'s value for a fact of `info`.
  @inline(__always)
  private func value(_ f: JSONLineScanner.Field, _ p: UnsafePointer<UInt8>, _ info: FactInfo) -> Bound {
    if f.kind == .null { return info.optional ? .value(.none) : .refuse }
    let vp = p + Int(f.valueStart), vn = Int(f.valueEnd &- f.valueStart)
    switch info.tag {
    case .bool:
      if f.kind == .true { return .value(.true) }
      if f.kind == .false { return .value(.false) }
      return .refuse
    case .number:
      guard f.kind == .number else { return .refuse }
      do throws(FactSlots.ConversionError) {
        return .value(.number(try FactSlots.number(UnsafeBufferPointer(start: vp, count: vn))))
      } catch {
        return .refuse
      }
    case .date:
      guard f.kind == .string else { return .refuse }
      if let d = FactSlots.isoDate(vp, vn) { return .value(.date(d)) }
      guard let d = try? CalendarDate.parse(String(decoding: UnsafeBufferPointer(start: vp, count: vn), as: UTF8.self)) else {
        return .refuse
      }
      return .value(.date(d))
    case .enumeration:
      guard let j = enumIndex(f, p, info) else { return .refuse }
      let id = enums[j].id
      return id >= 0 ? .value(.sym(id)) : .intern
    case .text:
      let id = texts.id(vp, vn)
      return id >= 0 ? .value(.sym(id)) : .intern
    case .other:
      return .refuse
    }
  }

  /// The index in `enums` of the value `f` names exactly, if it is one of the fact's.
  @inline(__always)
  private func enumIndex(_ f: JSONLineScanner.Field, _ p: UnsafePointer<UInt8>, _ info: FactInfo) -> Int? {
    guard f.kind == .string else { return nil }
    let vp = p + Int(f.valueStart), vn = Int(f.valueEnd &- f.valueStart)
    for j in Int(info.enumStart)..<Int(info.enumEnd) {
      let e = enums[j]
      if Int(e.count) == vn, ByteInterner.same(UnsafePointer(enumBytes.baseAddress! + Int(e.start)), vp, vn) { return j }
    }
    return nil
  }
}
