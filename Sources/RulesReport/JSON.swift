/// A JSON value with ordered keys, written without Foundation so output is byte-stable and fast.
package indirect enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  package static func == (a: JSON, b: JSON) -> Bool { a.render() == b.render() }

  /// Pretty-printed with two-space indentation.
  package func render(indent: Int = 0, pretty: Bool = true) -> String {
    var out = ByteOutput(capacity: 1 << 12)
    if pretty { out.prettyJSON(self, indent: indent) } else { out.json(self) }
    return String(decoding: out.bytes, as: UTF8.self)
  }

  /// `nil` becomes `null`.
  package static func string(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
}
