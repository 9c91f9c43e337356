/// Output built as UTF-8 bytes: batch lines are written straight into a buffer that is reused,
/// with no intermediate `String` per value.
public struct ByteOutput {
  public var bytes: [UInt8] = []

  public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  @inline(__always) public mutating func ascii(_ s: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  public mutating func raw(_ s: String) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  public mutating func int(_ n: Int) {
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
  public mutating func jsonString(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    var s = s
    s.withUTF8 { u in
      var start = 0
      for (i, c) in u.enumerated() where c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
        if i > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
        start = i + 1
        switch c {
        case UInt8(ascii: "\""): ascii("\\\"")
        case UInt8(ascii: "\\"): ascii("\\\\")
        case 0x0A: ascii("\\n")
        case 0x0D: ascii("\\r")
        case 0x09: ascii("\\t")
        default:
          ascii("\\u00")
          let hex: [UInt8] = Array("0123456789abcdef".utf8)
          bytes.append(hex[Int(c >> 4)])
          bytes.append(hex[Int(c & 15)])
        }
      }
      if u.count > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[start...])) }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// A CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break.
  public mutating func csvCell(_ s: String) {
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
  public mutating func json(_ json: JSON) {
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
}
