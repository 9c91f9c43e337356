/// A JSON value with ordered keys, written without Foundation so output is byte-stable and fast.
public indirect enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (a: JSON, b: JSON) -> Bool { a.render() == b.render() }

  /// Pretty-printed with two-space indentation.
  public func render(indent: Int = 0, pretty: Bool = true) -> String {
    var out = ""
    write(&out, indent: indent, pretty: pretty)
    return out
  }

  func write(_ out: inout String, indent: Int, pretty: Bool) {
    let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
    let end = pretty ? String(repeating: "  ", count: indent) : ""
    let nl = pretty ? "\n" : ""
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n):
      out += n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    case .string(let s): JSON.quote(s, into: &out)
    case .array(let xs):
      if xs.isEmpty { out += "[]"; return }
      out += "[" + nl
      for (i, x) in xs.enumerated() {
        out += pad
        x.write(&out, indent: indent + 1, pretty: pretty)
        out += i + 1 < xs.count ? "," + nl : nl
      }
      out += end + "]"
    case .object(let kvs):
      if kvs.isEmpty { out += "{}"; return }
      out += "{" + nl
      for (i, (k, v)) in kvs.enumerated() {
        out += pad
        JSON.quote(k, into: &out)
        out += pretty ? ": " : ":"
        v.write(&out, indent: indent + 1, pretty: pretty)
        out += i + 1 < kvs.count ? "," + nl : nl
      }
      out += end + "}"
    }
  }

  static func quote(_ s: String, into out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    out += "\""
  }

  /// `nil` becomes `null`.
  public static func string(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
}
