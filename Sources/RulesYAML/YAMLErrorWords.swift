import RulesSource

/// libyaml's syntax errors in plain words, with the likely cause. libyaml reports where it noticed
/// the problem (`problem` at one mark) and what it was reading (`context` at another); authors
/// need to know which of their lines is off and why.
enum YAMLErrorWords {
  struct Words {
    let message: String
    let help: String
  }

  /// `problem` and `context` are libyaml's texts; `line` is the text of the line the problem is on,
  /// `contextLine` where the construct being read started.
  static func translate(problem: String, context: String?, at: SourcePosition, contextAt: SourcePosition?,
                        lineAt: (Int) -> String?) -> Words? {
    let said = " (the YAML parser said: \(problem))"
    let start = contextAt.map { "line \($0.line)" } ?? "the line above"
    let line = lineAt(at.line)
    if problem == "did not find expected '-' indicator" || (problem == "did not find expected key" && context?.contains("flow") != true),
      let words = misindentedKey(at: at, lineAt: lineAt, said: said)
    {
      return words
    }
    if let line, hasUnquotedColon(line) {
      return Words(message: "a `: ` inside a value starts another key here",
                   help: "put the whole value in quotes, e.g. `when: \"…\"`" + said)
    }
    switch problem {
    case "did not find expected '-' indicator":
      return Words(message: "this line is not indented like the items of the list that starts at \(start)",
                   help: "every item of a list starts with `- ` in the same column, and a key of an item is indented "
                     + "past its `- `; line this up with the list, or indent it under the item it belongs to" + said)
    case "did not find expected key":
      if context?.contains("flow mapping") == true { break }
      return Words(message: "this line is not indented like the keys of the mapping that starts at \(start)",
                   help: "keys of one mapping start in the same column: indent this key like its neighbours "
                     + "(more to put it inside the entry above, less to close that entry); a value that "
                     + "starts with a special character must be quoted" + said)
    case "mapping values are not allowed in this context":
      // The key starts its own line: it is indented past the key above, so it continues that value.
      if let line, let key = keyStartingLine(line, colonColumn: at.column) {
        return Words(message: "`\(key):` is indented more than the key above it, so it is read as part of the value above",
                     help: "indent `\(key):` like the other keys of its mapping; if the value above really goes on "
                       + "and contains `: `, quote it" + said)
      }
      return Words(message: "a `: ` inside a value starts another key here",
                   help: "put the whole value in quotes, e.g. `when: \"…\"`" + said)
    case "did not find expected ',' or '}'":
      return Words(message: "the `{…}` mapping that starts at \(start) does not continue as a mapping here",
                   help: "inside `{…}` a comma ends a value and `: ` starts one: quote text that contains them, "
                     + "e.g. `{ja: \"…\", en: \"a, b\"}`" + said)
    case "did not find expected ',' or ']'":
      return Words(message: "the `[…]` list that starts at \(start) does not continue as a list here",
                   help: "inside `[…]` commas separate items; quote an item that contains `: `, `[`, `]` or a comma" + said)
    case "could not find expected ':'":
      return Words(message: "a key without `: ` after it (the text at \(start) is read as a key)",
                   help: "write `key: value`; a value continued on the next line must be indented more than its key" + said)
    case "found unexpected end of stream":
      if context?.contains("quoted scalar") == true {
        return Words(message: "the quote opened at \(start) is never closed",
                     help: "end the value with the same quote it starts with" + said)
      }
    case "block sequence entries are not allowed in this context":
      return Words(message: "a `- ` list item stands where a value on the same line was expected",
                   help: "start the list on the next line, indented under its key, or write it as `[a, b]`" + said)
    default: break
    }
    if problem.hasPrefix("found unknown escape character") {
      return Words(message: "a backslash in double quotes starts an escape that YAML does not know",
                   help: "use single quotes for text with backslashes, or write `\\\\`" + said)
    }
    return nil
  }

  /// A `key:` line indented unlike the key it was meant to stand beside: names both columns.
  static func misindentedKey(at: SourcePosition, lineAt: (Int) -> String?, said: String) -> Words? {
    guard let line = lineAt(at.line), let (key, column) = keyOf(line), column == at.column else { return nil }
    // The meant sibling: the nearest key above within two columns of this one.
    var n = at.line - 1
    while n >= 1, at.line - n <= 200, let above = lineAt(n) {
      defer { n -= 1 }
      guard let (other, c) = keyOf(above), c != column, abs(c - column) <= 2 else { continue }
      return Words(
        message: "`\(key):` starts in column \(column), but `\(other):` on line \(n) starts in column \(c)",
        help: "keys of one mapping start in the same column: "
          + (column > c ? "move `\(key):` left to column \(c), beside `\(other):`; indented further it is read as part of the value above"
             : "move `\(key):` to column \(c) to put it beside `\(other):`, or further left to close the entry `\(other):` is in")
          + said)
    }
    return nil
  }

  /// `key` and its column on a `key: …` or `- key: …` line (comments and blank lines give nil).
  static func keyOf(_ line: String) -> (String, Int)? {
    let scalars = Array(line.unicodeScalars)
    var i = 0
    while i < scalars.count, scalars[i] == " " { i += 1 }
    if i + 1 < scalars.count, scalars[i] == "-", scalars[i + 1] == " " {
      i += 2
      while i < scalars.count, scalars[i] == " " { i += 1 }
    }
    let start = i
    while i < scalars.count, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i])
      || "_-.".unicodeScalars.contains(scalars[i])
    {
      i += 1
    }
    guard i > start, i < scalars.count, scalars[i] == ":", i + 1 == scalars.count || scalars[i + 1] == " " else { return nil }
    return (String(String.UnicodeScalarView(scalars[start..<i])), start + 1)
  }

  /// The key of a `key: value` line whose colon is at `colonColumn` (1-based), when the key is the
  /// first thing on the line.
  static func keyStartingLine(_ line: String, colonColumn: Int) -> String? {
    let scalars = Array(line.unicodeScalars)
    guard colonColumn - 1 < scalars.count, colonColumn >= 2, scalars[colonColumn - 1] == ":" else { return nil }
    let before = scalars[..<(colonColumn - 1)]
    let key = String(String.UnicodeScalarView(before.drop { $0 == " " }))
    guard !key.isEmpty, key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) })
    else { return nil }
    return key
  }

  /// A plain (unquoted) value on a `key: value` line that itself contains `: `.
  static func hasUnquotedColon(_ line: String) -> Bool {
    let body = Array(line.drop { $0 == " " || $0 == "-" })
    func colonSpace(from i: Int) -> Int? {
      var j = i
      while j + 1 < body.count {
        if body[j] == ":" && body[j + 1] == " " { return j }
        if body[j] == " " && body[j + 1] == "#" { return nil }  // a comment
        j += 1
      }
      return nil
    }
    guard let first = colonSpace(from: 0) else { return false }
    var v = first + 2
    while v < body.count, body[v] == " " { v += 1 }
    guard v < body.count, !"\"'{[|>&*!#".contains(body[v]) else { return false }
    return colonSpace(from: v) != nil
  }
}
