/// JSON string quoting for the places that write JSON as `String` text: the library's facts, the
/// server's log lines. One definition, so every writer escapes the same characters the same way
/// (the byte writers of RulesReport escape identically, and a test compares them).
package enum JSONQuote {
  /// Appends `s` as a JSON string literal: `"`, `\` and control characters escaped, the rest as is.
  package static func append(_ s: String, to out: inout String) {
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

  /// `s` as a JSON string literal.
  package static func quoted(_ s: String) -> String {
    var out = ""
    append(s, to: &out)
    return out
  }
}
