import RulesEval
import RulesExpr
import RulesModel

/// Pretty JSON (two-space indentation, as `JSON.render()`) written as it goes: `key`/`item` start an
/// entry of the open object/array, `open`/`close` nest. `compact`: no white space at all, as
/// `JSON.render(pretty: false)` (batch lines).
struct PrettyWriter {
  enum Bracket { case object, array }

  var out: ByteOutput
  var level = 0
  /// The open container has no entry yet (it closes as `{}` / `[]`).
  var empty = true
  var compact = false

  mutating func open(_ b: Bracket) {
    out.bytes.append(b == .object ? UInt8(ascii: "{") : UInt8(ascii: "["))
    level += 1
    empty = true
  }

  mutating func close(_ b: Bracket) {
    level -= 1
    if !empty && !compact {
      out.bytes.append(0x0A)
      out.spaces(level)
    }
    out.bytes.append(b == .object ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    empty = false
  }

  mutating func item() {
    if compact {
      if !empty { out.bytes.append(UInt8(ascii: ",")) }
      empty = false
      return
    }
    if empty { out.bytes.append(0x0A) } else { out.ascii(",\n") }
    out.spaces(level)
    empty = false
  }

  mutating func key(_ k: String) {
    item()
    out.jsonString(k)
    if compact { out.bytes.append(UInt8(ascii: ":")) } else { out.ascii(": ") }
  }

  mutating func null() { out.ascii("null") }
  mutating func bool(_ b: Bool) { if b { out.ascii("true") } else { out.ascii("false") } }
  mutating func string(_ s: String?) { if let s { out.jsonString(s) } else { null() } }

  /// A string that needs no escaping (an ISO date), quoted; or null.
  mutating func raw(_ s: String?) {
    guard let s else { return null() }
    out.bytes.append(UInt8(ascii: "\""))
    out.raw(s)
    out.bytes.append(UInt8(ascii: "\""))
  }

  mutating func strings(_ xs: [String]) {
    open(.array)
    for x in xs { item(); out.jsonString(x) }
    close(.array)
  }

  /// A JSON tree at this place, indented to fit.
  mutating func json(_ j: JSON) { if compact { out.json(j) } else { out.prettyJSON(j, indent: level) } }

  mutating func value(_ v: Value) {
    switch v {
    case .bool(let b): bool(b)
    case .none: null()
    case .list(let xs):
      open(.array)
      for x in xs { item(); value(x) }
      close(.array)
    case .number: out.json(EvaluationJSON.value(v))
    default: out.jsonString(v.description)
    }
  }

  mutating func text(_ t: LocalizedText?) {
    guard let t else { return null() }
    open(.object)
    key("ja"); string(t.ja)
    key("en"); string(t.en)
    close(.object)
  }

  mutating func citation(_ c: Citation?) {
    guard let c else { return null() }
    open(.object)
    key("clause"); string(c.clause)
    if let q = c.quote { key("quote"); string(q) }
    close(.object)
  }
}
