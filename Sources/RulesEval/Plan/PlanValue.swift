import RulesExpr

/// A run-time value inside a `Program`: `Value` with every text interned to an integer id, so
/// that equality, membership and enum tests compare integers, never strings.
enum PV: Hashable, Sendable {
  case none
  case bool(Bool)
  case number(Double)
  case date(CalendarDate)
  /// Interned text: an id in the program's string table, or past its end, a text first met in
  /// this case (kept in the scratch).
  case sym(Int32)
  case duration(DateDuration)
  case list([PV])
  case row(table: Int32, index: Int32)

  static let `true` = PV.bool(true)
  static let `false` = PV.bool(false)
}

/// `Tri` of the plan: a value, or unknown with the facts that would settle it as a bitset.
enum PTri: Equatable, Sendable {
  case known(PV)
  case unknown(FactBits)

  static let `true` = PTri.known(.bool(true))
  static let `false` = PTri.known(.bool(false))

  @inline(__always) var isFalse: Bool {
    if case .known(.bool(false)) = self { return true }
    return false
  }
  @inline(__always) var isTrue: Bool {
    if case .known(.bool(true)) = self { return true }
    return false
  }
}

/// A set of fact indices as bits. The first 128 facts live inline, so unions of the usual
/// rule sets never allocate; larger indices spill into an array. The spill is an optional, nil for
/// the usual rule sets, so copying a set (every unknown value carries one) retains nothing.
struct FactBits: Equatable, Sendable {
  var w0: UInt64 = 0
  var w1: UInt64 = 0
  /// Words 2, 3, … (facts 128 and up); nil for most rule sets.
  var more: [UInt64]?

  init() {}

  init(_ i: Int) {
    switch i {
    case 0..<64: w0 = 1 << UInt64(i)
    case 64..<128: w1 = 1 << UInt64(i - 64)
    default:
      let w = i / 64 - 2
      var m = [UInt64](repeating: 0, count: w + 1)
      m[w] = 1 << UInt64(i % 64)
      more = m
    }
  }

  @inline(__always) var isEmpty: Bool { w0 == 0 && w1 == 0 && (more?.allSatisfy { $0 == 0 } ?? true) }

  @inline(__always) mutating func formUnion(_ o: FactBits) {
    w0 |= o.w0
    w1 |= o.w1
    if let om = o.more {
      var m = more ?? []
      if m.count < om.count { m += [UInt64](repeating: 0, count: om.count - m.count) }
      for k in om.indices { m[k] |= om[k] }
      more = m
    }
  }

  @inline(__always) func union(_ o: FactBits) -> FactBits {
    var x = self
    x.formUnion(o)
    return x
  }

  /// The indices, ascending.
  var indices: [Int] {
    var out: [Int] = []
    func add(_ word: UInt64, _ base: Int) {
      var w = word
      while w != 0 {
        out.append(base + w.trailingZeroBitCount)
        w &= w - 1
      }
    }
    add(w0, 0)
    add(w1, 64)
    for (k, w) in (more ?? []).enumerated() { add(w, 128 + 64 * k) }
    return out
  }
}
