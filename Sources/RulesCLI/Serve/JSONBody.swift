import RulesSource
import RulesYAML

/// A `/v1/eval` body read straight from its JSON bytes into the node tree a facts file gives, without
/// libyaml: strings become double-quoted scalars, numbers, `true`, `false` and `null` plain ones, as
/// libyaml reads the same JSON. Anything out of the ordinary (a syntax error, a duplicate key, an escape
/// it does not decode, deep nesting, many nodes) gives nil, and the caller takes the general path, which
/// also gives every error its message; so this path only ever answers bodies that path would accept.
struct JSONBody {
  let bytes: UnsafeBufferPointer<UInt8>
  let file: String
  var i = 0
  var line = 1
  /// Characters (not bytes) since the start of the line.
  var column = 1
  var nodes = 0

  static let maxDepth = 32
  static let maxNodes = 20_000

  static func parse(_ body: [UInt8], file: String) -> YAMLNode? {
    body.withUnsafeBufferPointer { b in
      var p = JSONBody(bytes: b, file: file)
      p.space()
      guard let root = p.value(depth: 0) else { return nil }
      p.space()
      return p.i == b.count ? root : nil
    }
  }

  var position: SourcePosition { SourcePosition(line: line, column: column) }

  @inline(__always) mutating func advance() {
    let c = bytes[i]
    i += 1
    if c == 0x0A {
      line += 1
      column = 1
    } else if c & 0xC0 != 0x80 {
      column += 1
    }
  }

  mutating func space() {
    while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { advance() }
  }

  mutating func value(depth: Int) -> YAMLNode? {
    nodes += 1
    guard i < bytes.count, depth < Self.maxDepth, nodes < Self.maxNodes else { return nil }
    let start = position
    switch bytes[i] {
    case UInt8(ascii: "{"):
      advance()
      var pairs: [YAMLPair] = []
      var keys = Set<String>()
      space()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
        advance()
        return YAMLNode(.mapping([]), range: range(start))
      }
      while true {
        space()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let key = string() else { return nil }
        guard keys.insert(key.scalar!.value).inserted else { return nil }
        space()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        advance()
        space()
        guard let v = value(depth: depth + 1) else { return nil }
        pairs.append(YAMLPair(key: key, value: v))
        space()
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: ",") { advance(); continue }
        guard bytes[i] == UInt8(ascii: "}") else { return nil }
        advance()
        return YAMLNode(.mapping(pairs), range: range(start))
      }
    case UInt8(ascii: "["):
      advance()
      var items: [YAMLNode] = []
      space()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
        advance()
        return YAMLNode(.sequence([]), range: range(start))
      }
      while true {
        space()
        guard let v = value(depth: depth + 1) else { return nil }
        items.append(v)
        space()
        guard i < bytes.count else { return nil }
        if bytes[i] == UInt8(ascii: ",") { advance(); continue }
        guard bytes[i] == UInt8(ascii: "]") else { return nil }
        advance()
        return YAMLNode(.sequence(items), range: range(start))
      }
    case UInt8(ascii: "\""):
      return string()
    default:
      // A number, true, false or null: the bytes up to the next delimiter, checked for JSON's forms.
      let from = i
      while i < bytes.count, !Self.delimiter(bytes[i]) { advance() }
      let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<i]), as: UTF8.self)
      guard word == "true" || word == "false" || word == "null" || Self.isNumber(word) else { return nil }
      return YAMLNode(.scalar(YAMLScalar(word, style: .plain)), range: range(start))
    }
  }

  func range(_ start: SourcePosition) -> SourceRange { SourceRange(file: file, start: start, end: position) }

  static func delimiter(_ c: UInt8) -> Bool {
    c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
  }

  /// JSON's number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  static func isNumber(_ s: String) -> Bool {
    var u = Array(s.utf8)[...]
    func digits(_ u: inout ArraySlice<UInt8>) -> Int {
      var n = 0
      while let c = u.first, c >= 0x30 && c <= 0x39 { u.removeFirst(); n += 1 }
      return n
    }
    if u.first == UInt8(ascii: "-") { u.removeFirst() }
    if u.first == UInt8(ascii: "0") { u.removeFirst() } else if digits(&u) == 0 { return false }
    if u.first == UInt8(ascii: ".") {
      u.removeFirst()
      if digits(&u) == 0 { return false }
    }
    if u.first == UInt8(ascii: "e") || u.first == UInt8(ascii: "E") {
      u.removeFirst()
      if u.first == UInt8(ascii: "+") || u.first == UInt8(ascii: "-") { u.removeFirst() }
      if digits(&u) == 0 { return false }
    }
    return u.isEmpty
  }

  /// A string at `i` (its opening quote) as a double-quoted scalar; nil for what JSON forbids in one
  /// (a raw control character, a bad escape) and for escapes of surrogates, left to the general path.
  mutating func string() -> YAMLNode? {
    let start = position
    advance()
    var out: [UInt8] = []
    var from = i
    while true {
      guard i < bytes.count else { return nil }
      let c = bytes[i]
      if c == UInt8(ascii: "\"") { break }
      if c < 0x20 { return nil }
      if c != UInt8(ascii: "\\") { advance(); continue }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<i]))
      advance()
      guard i < bytes.count else { return nil }
      let e = bytes[i]
      advance()
      switch e {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "u"):
        guard i + 4 <= bytes.count,
          let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + 4]), as: UTF8.self), radix: 16),
          !(0xD800...0xDFFF).contains(v), v != 0, let scalar = Unicode.Scalar(v)
        else { return nil }
        for _ in 0..<4 { advance() }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
      default: return nil
      }
      from = i
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<i]))
    advance()
    // Bytes that are not UTF-8 are left to the general path, which names them.
    let text = String(decoding: out, as: UTF8.self)
    guard text.utf8.elementsEqual(out) else { return nil }
    return YAMLNode(.scalar(YAMLScalar(text, style: .doubleQuoted)), range: range(start))
  }
}
