/// Output built as UTF-8 bytes: batch lines are written straight into a buffer that is reused,
/// with no intermediate `String` per value.
package struct ByteOutput {
  package var bytes: [UInt8] = []

  package init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  @inline(__always) package mutating func ascii(_ s: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  package mutating func raw(_ s: String) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  package mutating func int(_ n: Int) {
    if n < 0 { bytes.append(UInt8(ascii: "-")) }
    var v = n.magnitude
    var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var k = 0
    withUnsafeMutableBytes(of: &tmp) { t in
      repeat {
        t[k] = UInt8(v % 10) + 0x30
        v /= 10
        k += 1
      } while v > 0
      while k > 0 {
        k -= 1
        bytes.append(t[k])
      }
    }
  }

  /// A JSON string with the escapes JSON.render uses.
  package mutating func jsonString(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { escaped($0) }
    bytes.append(UInt8(ascii: "\""))
  }

  /// `u` with `"`, `\\` and control characters escaped. Runs of bytes that need nothing are found eight
  /// at a time and copied whole: most of an evaluation's bytes are rule text (Japanese) that needs no escape.
  mutating func escaped(_ u: UnsafeBufferPointer<UInt8>) {
    guard let base = u.baseAddress else { return }
    let n = u.count
    var start = 0, i = 0
    while i < n {
      if i + 8 <= n && !Self.special(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
        i += 8
        continue
      }
      let c = base[i]
      if c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
        if i > start { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: i - start)) }
        start = i + 1
        switch c {
        case UInt8(ascii: "\""): ascii("\\\"")
        case UInt8(ascii: "\\"): ascii("\\\\")
        case 0x0A: ascii("\\n")
        case 0x0D: ascii("\\r")
        case 0x09: ascii("\\t")
        default:
          ascii("\\u00")
          bytes.append(Self.hex[Int(c >> 4)])
          bytes.append(Self.hex[Int(c & 15)])
        }
      }
      i += 1
    }
    if n > start { bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: n - start)) }
  }

  static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  /// Whether any of eight bytes is below 0x20, a quote or a backslash (the usual SWAR byte tests).
  @inline(__always) static func special(_ w: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    func zero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
    let below = (w &- 0x2020_2020_2020_2020) & ~w & highs
    return (below | zero(w ^ 0x2222_2222_2222_2222) | zero(w ^ 0x5C5C_5C5C_5C5C_5C5C)) != 0
  }

  /// A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break.
  package mutating func csvCell(_ s: String) {
    var s = s
    let needs = s.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
    if !needs { raw(s); return }
    bytes.append(UInt8(ascii: "\""))
    s.withUTF8 { u in
      for c in u {
        if c == UInt8(ascii: "\"") { bytes.append(c) }
        bytes.append(c)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// `json` on one line, byte for byte what `json.render(pretty: false)` gives.
  package mutating func json(_ json: JSON) {
    switch json {
    case .null: ascii("null")
    case .bool(let b): if b { ascii("true") } else { ascii("false") }
    case .number(let n):
      if n == n.rounded() && abs(n) < 1e15 { int(Int(n)) } else { raw(String(n)) }
    case .string(let s): jsonString(s)
    case .array(let xs):
      bytes.append(UInt8(ascii: "["))
      for (i, x) in xs.enumerated() {
        if i > 0 { bytes.append(UInt8(ascii: ",")) }
        self.json(x)
      }
      bytes.append(UInt8(ascii: "]"))
    case .object(let kvs):
      bytes.append(UInt8(ascii: "{"))
      for (i, (k, v)) in kvs.enumerated() {
        if i > 0 { bytes.append(UInt8(ascii: ",")) }
        jsonString(k)
        bytes.append(UInt8(ascii: ":"))
        self.json(v)
      }
      bytes.append(UInt8(ascii: "}"))
    }
  }

  /// `json` pretty-printed (two-space indentation), byte for byte what `JSON.render()` gives: the
  /// objects `eval --format json` prints are written this way, straight into bytes.
  package mutating func prettyJSON(_ json: JSON, indent: Int = 0) {
    switch json {
    case .array(let xs):
      if xs.isEmpty { ascii("[]"); return }
      ascii("[\n")
      for (i, x) in xs.enumerated() {
        spaces(indent + 1)
        prettyJSON(x, indent: indent + 1)
        if i + 1 < xs.count { ascii(",\n") } else { ascii("\n") }
      }
      spaces(indent)
      bytes.append(UInt8(ascii: "]"))
    case .object(let kvs):
      if kvs.isEmpty { ascii("{}"); return }
      ascii("{\n")
      for (i, (k, v)) in kvs.enumerated() {
        spaces(indent + 1)
        jsonString(k)
        ascii(": ")
        prettyJSON(v, indent: indent + 1)
        if i + 1 < kvs.count { ascii(",\n") } else { ascii("\n") }
      }
      spaces(indent)
      bytes.append(UInt8(ascii: "}"))
    default:
      self.json(json)
    }
  }

  /// Two spaces per level.
  @inline(__always) mutating func spaces(_ level: Int) {
    if level > 0 { bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level)) }
  }
}
