#if canImport(Glibc)
import Glibc
#endif

/// The lean batch path's reader of one JSON Lines record: one pass over the line that notes where
/// each member's name and value lie in the line itself, copying nothing. It takes only the common
/// shape, a flat object whose names and texts have no escapes and whose values are texts, numbers,
/// `true`, `false` or `null`, and answers false for anything else (nested objects, lists, escapes,
/// any syntax error), which `JSONRecordReader` then reads, or explains, as before. What it accepts
/// it reads as that reader does: a member's name and value bytes are those the reader would copy.
package struct JSONLineScanner {
  package struct Field {
    /// The name's bytes (between the quotes) and the value's (a text's between its quotes).
    package var keyStart: Int32, keyEnd: Int32
    package var valueStart: Int32, valueEnd: Int32
    package var kind: BatchRecord.Kind
  }

  package private(set) var fields: [Field] = []

  package init() { fields.reserveCapacity(64) }

  /// Reads `line` (without its newline); false when it is not of the shape this reader takes.
  package mutating func scan(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
    fields.removeAll(keepingCapacity: true)
    guard let p = line.baseAddress, line.count < Int(Int32.max) else { return false }
    var c = Cursor(p: p, n: line.count)
    c.space()
    guard c.i < c.n, p[c.i] == UInt8(ascii: "{") else { return false }
    c.i += 1
    c.space()
    if c.i < c.n, p[c.i] == UInt8(ascii: "}") {
      c.i += 1
    } else {
      while true {
        c.space()
        guard c.i < c.n, p[c.i] == UInt8(ascii: "\"") else { return false }
        let keyStart = c.i + 1
        guard c.string() else { return false }
        let keyEnd = c.i
        c.i += 1
        c.space()
        guard c.i < c.n, p[c.i] == UInt8(ascii: ":") else { return false }
        c.i += 1
        c.space()
        guard c.i < c.n else { return false }
        var valueStart = c.i, valueEnd: Int
        let kind: BatchRecord.Kind
        switch p[c.i] {
        case UInt8(ascii: "\""):
          valueStart += 1
          guard c.string() else { return false }
          valueEnd = c.i
          c.i += 1
          kind = .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
          guard c.number() else { return false }
          valueEnd = c.i
          kind = .number
        case UInt8(ascii: "t"):
          guard c.literal(0x74, 0x72, 0x75, 0x65) else { return false }
          valueEnd = c.i
          kind = .true
        case UInt8(ascii: "n"):
          guard c.literal(0x6E, 0x75, 0x6C, 0x6C) else { return false }
          valueEnd = c.i
          kind = .null
        case UInt8(ascii: "f"):
          guard c.i + 5 <= c.n, p[c.i + 4] == UInt8(ascii: "e") else { return false }
          c.i += 1
          guard c.literal(0x61, 0x6C, 0x73, 0x65) else { return false }
          valueEnd = c.i
          kind = .false
        default:
          return false  // an object, a list, or no JSON value
        }
        fields.append(Field(keyStart: Int32(keyStart), keyEnd: Int32(keyEnd), valueStart: Int32(valueStart),
                            valueEnd: Int32(valueEnd), kind: kind))
        c.space()
        guard c.i < c.n else { return false }
        if p[c.i] == UInt8(ascii: ",") { c.i += 1; continue }
        if p[c.i] == UInt8(ascii: "}") { c.i += 1; break }
        return false
      }
    }
    c.space()
    return c.i == c.n
  }

  struct Cursor {
    let p: UnsafePointer<UInt8>
    let n: Int
    var i = 0

    @inline(__always) mutating func space() {
      while i < n {
        let c = p[i]
        guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
        i += 1
      }
    }

    /// Four bytes at `i`, for `true`, `null` and the `alse` of `false`.
    @inline(__always) mutating func literal(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Bool {
      guard i + 4 <= n, p[i] == a, p[i + 1] == b, p[i + 2] == c, p[i + 3] == d else { return false }
      i += 4
      return true
    }

    /// A string whose opening quote is at `i`; leaves `i` at the closing quote. False at an escape,
    /// a control character, bytes that are not UTF-8 (as `JSONRecordReader` checks them) or the end.
    @inline(__always) mutating func string() -> Bool {
      i += 1
      while true {
        // Eight bytes at a time up to the first that needs a look (most texts are short and plain).
        if i + 8 <= n {
          let m = Self.special(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
          if m == 0 {
            i += 8
            continue
          }
          i += m.trailingZeroBitCount >> 3
        } else if i >= n {
          return false
        }
        let c = p[i]
        if c == UInt8(ascii: "\"") { return true }
        if c < 0x80 {
          if c == UInt8(ascii: "\\") || c < 0x20 { return false }
          i += 1
          continue
        }
        guard utf8() else { return false }
      }
    }

    /// The high bit set in each byte of `w` that is a quote, a backslash, below 0x20 or above 0x7F
    /// (exact for the lowest such byte, which is all the caller reads; borrows may mark later ones).
    @inline(__always) static func special(_ w: UInt64) -> UInt64 {
      let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
      let quote = w ^ (ones &* 0x22), slash = w ^ (ones &* 0x5C)
      let control = w &- ones &* 0x20
      return (w | (quote &- ones) & ~quote | (slash &- ones) & ~slash | control & ~w) & highs
    }

    /// One UTF-8 sequence at `i` (a lead byte ≥ 0x80): no overlongs, no surrogates, at most U+10FFFF.
    mutating func utf8() -> Bool {
      let len = utf8SequenceLength(p, at: i, count: n)
      i += len
      return len > 0
    }

    /// RFC 8259 number grammar, as `JSONRecordReader` reads it.
    @inline(__always) mutating func number() -> Bool {
      if p[i] == UInt8(ascii: "-") { i += 1 }
      guard i < n, p[i] >= 0x30, p[i] <= 0x39 else { return false }
      if p[i] == 0x30 {
        i += 1
        if i < n, p[i] >= 0x30, p[i] <= 0x39 { return false }
      } else {
        while i < n, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
      }
      if i < n, p[i] == UInt8(ascii: ".") {
        i += 1
        let s = i
        while i < n, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
        guard i > s else { return false }
      }
      if i < n, p[i] | 0x20 == UInt8(ascii: "e") {
        i += 1
        if i < n, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
        let s = i
        while i < n, p[i] >= 0x30, p[i] <= 0x39 { i += 1 }
        guard i > s else { return false }
      }
      return true
    }
  }
}
