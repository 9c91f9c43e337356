#if canImport(Glibc)
import Glibc
#endif
/// A strict RFC 8259 reader for one JSON Lines record: an object whose members are facts (nested
/// objects give dotted names, as in a facts file). It reads UTF-8 bytes straight into a
/// `BatchRecord`; nothing is allocated per record once the record's buffers have grown.
package struct JSONRecordReader {
  /// Deepest nesting of objects and arrays (as the facts file limit).
  package var maxDepth = 64

  package init() {}

  /// Reads `bytes` (one line, without its newline) into `record`. The error names the byte offset.
  package func read(_ bytes: UnsafeBufferPointer<UInt8>, into record: inout BatchRecord) throws(JSONSyntaxError) {
    var p = Parser(b: bytes, maxDepth: maxDepth)
    p.skipSpace()
    guard p.i < bytes.count, bytes[p.i] == UInt8(ascii: "{") else {
      throw p.fail(p.i < bytes.count ? "a facts line must be a JSON object `{…}`" : "the line is empty",
                   help: "write one object a line, e.g. {\"as_of\": \"2021-08-01\", \"agency\": {\"kind\": \"ministry\"}}")
    }
    try p.object(prefix: 0, depth: 1, into: &record)
    p.skipSpace()
    if p.i < bytes.count { throw p.fail("unexpected text after the object", help: "one JSON object a line") }
  }

  /// Checks that `bytes` is one JSON value (an array cell of a CSV file, say), and reads it as a tree.
  package func value(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
    var p = Parser(b: bytes, maxDepth: maxDepth)
    p.skipSpace()
    let v = try p.tree(depth: 0)
    p.skipSpace()
    if p.i < bytes.count { throw p.fail("unexpected text after the value") }
    return v
  }

  struct Parser {
    let b: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var i = 0

    init(b: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
      self.b = b
      self.maxDepth = maxDepth
    }

    func fail(_ message: String, help: String? = nil, at: Int? = nil) -> JSONSyntaxError {
      JSONSyntaxError(message: message, offset: at ?? i, help: help)
    }

    mutating func skipSpace() {
      while i < b.count {
        let c = b[i]
        guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return }
        i += 1
      }
    }

    mutating func expect(_ c: UInt8, _ what: String) throws(JSONSyntaxError) {
      skipSpace()
      guard i < b.count, b[i] == c else {
        throw fail(i < b.count ? "expected \(what), found `\(Character(Unicode.Scalar(b[i])))`" : "expected \(what) before the end of the line")
      }
      i += 1
    }

    /// Members of an object whose `{` is at `i`, each name prefixed by `names[prefix-start...]`.
    mutating func object(prefix: Int, depth: Int, into r: inout BatchRecord) throws(JSONSyntaxError) {
      guard depth <= maxDepth else { throw fail("objects and arrays nest deeper than \(maxDepth) levels") }
      let prefixStart = r.names.count - prefix
      i += 1
      skipSpace()
      if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
      while true {
        skipSpace()
        guard i < b.count, b[i] == UInt8(ascii: "\"") else {
          throw fail(i < b.count ? "expected a member name in double quotes" : "the object is not closed before the end of the line",
                     help: i < b.count && b[i] == UInt8(ascii: "'") ? "JSON strings use double quotes" : nil)
        }
        let keyOffset = i
        // The dotted name: the prefix (already in `names`), then this key.
        let nameStart = r.names.count
        if prefix > 0 {
          r.names.append(contentsOf: r.names[prefixStart..<prefixStart + prefix])
          r.names.append(UInt8(ascii: "."))
        }
        try string(into: &r.names)
        try expect(UInt8(ascii: ":"), "`:` after the member name")
        skipSpace()
        guard i < b.count else { throw fail("a value is missing after `:`") }
        let valueOffset = i
        let c = b[i]
        if c == UInt8(ascii: "{") {
          // A group: its members carry this name as their prefix; the group itself is no field.
          // Its name stays in `names` unused: cheaper than moving the members' names.
          try object(prefix: r.names.count - nameStart, depth: depth + 1, into: &r)
        } else {
          let nameEnd = r.names.count
          let vs = r.text.count
          let kind = try scalarOrArray(into: &r.text, depth: depth)
          r.fields.append(BatchRecord.Field(
            nameStart: Int32(nameStart), nameEnd: Int32(nameEnd), kind: kind, valueStart: Int32(vs),
            valueEnd: Int32(r.text.count), keyOffset: Int32(keyOffset), valueOffset: Int32(valueOffset)))
        }
        skipSpace()
        guard i < b.count else { throw fail("the object is not closed before the end of the line", help: "add `}`") }
        if b[i] == UInt8(ascii: ",") { i += 1; continue }
        if b[i] == UInt8(ascii: "}") { i += 1; return }
        throw fail("expected `,` or `}` after a member")
      }
    }

    /// A string, number, literal or array; its bytes go to `text` (strings unescaped).
    mutating func scalarOrArray(into text: inout [UInt8], depth: Int) throws(JSONSyntaxError) -> BatchRecord.Kind {
      let c = b[i]
      switch c {
      case UInt8(ascii: "\""):
        try string(into: &text)
        return .string
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        let s = i
        try number()
        text.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<i]))
        return .number
      case UInt8(ascii: "t"): try literal("true"); return .true
      case UInt8(ascii: "f"): try literal("false"); return .false
      case UInt8(ascii: "n"): try literal("null"); return .null
      case UInt8(ascii: "["):
        let s = i
        try skipValue(depth: depth + 1)
        text.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<i]))
        return .array
      default:
        throw fail("`\(Character(Unicode.Scalar(c)))` cannot start a JSON value",
                   help: c == UInt8(ascii: "'") ? "JSON strings use double quotes" : "write a string in double quotes, a number, true, false, null or a list")
      }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
      let n = word.utf8CodeUnitCount
      let w = UnsafeBufferPointer(start: word.utf8Start, count: n)
      guard i + n <= b.count, memcmp(b.baseAddress! + i, w.baseAddress!, n) == 0 else {
        throw fail("not a JSON value", help: "write true, false or null in lower case, or quote a text")
      }
      i += n
    }

    /// RFC 8259 number grammar; the value is converted when it is bound.
    mutating func number() throws(JSONSyntaxError) {
      let s = i
      if b[i] == UInt8(ascii: "-") { i += 1 }
      func digits(_ p: inout Parser) -> Int {
        let s = p.i
        while p.i < p.b.count, p.b[p.i] >= 0x30, p.b[p.i] <= 0x39 { p.i += 1 }
        return p.i - s
      }
      guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { throw fail("a number needs a digit after `-`", at: s) }
      if b[i] == 0x30 {
        i += 1
        if i < b.count, b[i] >= 0x30, b[i] <= 0x39 { throw fail("JSON numbers have no leading zeros", at: s) }
      } else {
        _ = digits(&self)
      }
      if i < b.count, b[i] == UInt8(ascii: ".") {
        i += 1
        guard digits(&self) > 0 else { throw fail("a digit must follow the decimal point", at: s) }
      }
      if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
        i += 1
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        guard digits(&self) > 0 else { throw fail("a digit must follow the exponent", at: s) }
      }
    }

    /// A string at `i` (the opening quote), unescaped and checked as UTF-8, appended to `out`.
    mutating func string(into out: inout [UInt8]) throws(JSONSyntaxError) {
      let open = i
      i += 1
      while true {
        // Copy the run of plain ASCII in one go.
        let s = i
        while i < b.count, b[i] >= 0x20, b[i] < 0x80, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") { i += 1 }
        if i > s { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<i])) }
        guard i < b.count else { throw fail("the string is not closed", help: "add `\"`", at: open) }
        let c = b[i]
        if c == UInt8(ascii: "\"") { i += 1; return }
        if c == UInt8(ascii: "\\") {
          try escape(into: &out)
        } else if c < 0x20 {
          throw fail("a control character in a string", help: "write it as an escape such as \\n or \\u0009")
        } else {
          try utf8(into: &out)
        }
      }
    }

    mutating func escape(into out: inout [UInt8]) throws(JSONSyntaxError) {
      guard i + 1 < b.count else { throw fail("an escape is cut off") }
      let e = b[i + 1]
      i += 2
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        var v = try hex4()
        if v >= 0xD800 && v < 0xDC00 {
          guard i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else {
            throw fail("a lone surrogate `\\u\(String(v, radix: 16))` is not a character")
          }
          i += 2
          let lo = try hex4()
          guard lo >= 0xDC00 && lo < 0xE000 else { throw fail("a lone surrogate is not a character") }
          v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
        } else if v >= 0xDC00 && v < 0xE000 {
          throw fail("a lone surrogate is not a character")
        }
        out.append(contentsOf: Unicode.Scalar(v)!.utf8)
      default:
        throw fail("`\\\(Character(Unicode.Scalar(e)))` is not a JSON escape", help: "escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: i - 2)
      }
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
      guard i + 4 <= b.count else { throw fail("`\\u` needs four hex digits") }
      var v: UInt32 = 0
      for k in 0..<4 {
        let c = b[i + k]
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x41...0x46: d = UInt32(c - 0x41 + 10)
        case 0x61...0x66: d = UInt32(c - 0x61 + 10)
        default: throw fail("`\\u` needs four hex digits")
        }
        v = v << 4 | d
      }
      i += 4
      return v
    }

    /// One UTF-8 sequence starting at `i` (a lead byte ≥ 0x80), validated (no overlongs, no surrogates).
    mutating func utf8(into out: inout [UInt8]) throws(JSONSyntaxError) {
      let n = utf8SequenceLength(b.baseAddress!, at: i, count: b.count)
      guard n > 0 else {
        throw JSONSyntaxError(message: "the line is not UTF-8", offset: i, help: "save the file as UTF-8", encoding: true)
      }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<i + n]))
      i += n
    }

    /// Skips one value (checking its syntax).
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
      _ = try tree(depth: depth)
    }

    /// One value as a tree (arrays of facts are short; this path is not the hot one).
    mutating func tree(depth: Int) throws(JSONSyntaxError) -> JSONValue {
      guard depth <= maxDepth else { throw fail("objects and arrays nest deeper than \(maxDepth) levels") }
      guard i < b.count else { throw fail("a value is missing") }
      switch b[i] {
      case UInt8(ascii: "["):
        i += 1
        var items: [JSONValue] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
          skipSpace()
          items.append(try tree(depth: depth + 1))
          skipSpace()
          guard i < b.count else { throw fail("the list is not closed", help: "add `]`") }
          if b[i] == UInt8(ascii: ",") { i += 1; continue }
          if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
          throw fail("expected `,` or `]` in a list")
        }
      case UInt8(ascii: "{"):
        i += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
          skipSpace()
          guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
          var name: [UInt8] = []
          try string(into: &name)
          try expect(UInt8(ascii: ":"), "`:` after the member name")
          skipSpace()
          members.append((String(decoding: name, as: UTF8.self), try tree(depth: depth + 1)))
          skipSpace()
          guard i < b.count else { throw fail("the object is not closed", help: "add `}`") }
          if b[i] == UInt8(ascii: ",") { i += 1; continue }
          if b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
          throw fail("expected `,` or `}` after a member")
        }
      default:
        var text: [UInt8] = []
        let at = i
        let kind = try scalarOrArray(into: &text, depth: depth)
        let s = String(decoding: text, as: UTF8.self)
        switch kind {
        case .string: return .string(s)
        case .number: return .number(s, offset: at)
        case .true: return .bool(true)
        case .false: return .bool(false)
        default: return .null
        }
      }
    }
  }
}

/// A JSON value as a tree (for lists of facts, where the fast path does not go).
package indirect enum JSONValue: Sendable {
  case string(String)
  /// The number as written, and its byte offset.
  case number(String, offset: Int)
  case bool(Bool)
  case null
  case array([JSONValue])
  case object([(String, JSONValue)])
}

/// A syntax error in a JSON record, at a byte offset of the line.
package struct JSONSyntaxError: Error, Sendable {
  package let message: String
  package let offset: Int
  package let help: String?
  /// The bytes are not UTF-8 (a file saved in another encoding).
  package var encoding = false

  package init(message: String, offset: Int, help: String? = nil, encoding: Bool = false) {
    self.message = message
    self.offset = offset
    self.help = help
    self.encoding = encoding
  }
}
