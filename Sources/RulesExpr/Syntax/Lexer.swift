/// Turns expression source into ``ExprToken``s, one at a time, so that the
/// parser reports errors in source order.
///
/// Works on Unicode scalars; every token range is in scalar offsets.
struct ExprLexer {
  let scalars: [Unicode.Scalar]
  /// Offset of the next scalar to read.
  private(set) var position = 0

  init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

  /// Lexes a whole source string; the result always ends with an `.end` token.
  static func tokenize(_ source: String) throws(ExprParseError) -> [ExprToken] {
    var lexer = ExprLexer(Array(source.unicodeScalars))
    var tokens: [ExprToken] = []
    repeat { tokens.append(try lexer.next()) } while tokens.last?.kind != .end
    return tokens
  }

  /// Duration unit words and their rank (largest unit first).
  private static let unitRanks: [String: Int] = [
    "year": 0, "years": 0, "month": 1, "months": 1, "week": 2, "weeks": 2, "day": 3, "days": 3,
  ]

  private func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < scalars.count ? scalars[i] : nil }

  /// Encodes the scalars straight to UTF-8: `String.UnicodeScalarView(_:)` appended one scalar at a
  /// time through a generic path (about 7 % of loading the bundled rules, by `perf`).
  private func text(_ range: Range<Int>) -> String {
    var count = 0
    for s in scalars[range] { count += UTF8.width(s) }
    return String(unsafeUninitializedCapacity: count) { buffer in
      var i = 0
      for s in scalars[range] {
        UTF8.encode(s) { byte in
          buffer[i] = byte
          i += 1
        }
      }
      return i
    }
  }

  private func isSpace(_ c: Unicode.Scalar?) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" }

  private func skipSpaces(from i: Int) -> Int {
    var i = i
    while isSpace(at(i)) { i += 1 }
    return i
  }

  private func wordEnd(from i: Int) -> Int {
    var i = i
    while ExprText.isIdentifierChar(at(i)) { i += 1 }
    return i
  }

  /// Returns the next token, or `.end` (repeatedly) once the source is exhausted.
  mutating func next() throws(ExprParseError) -> ExprToken {
    position = skipSpaces(from: position)
    guard let c = at(position) else { return ExprToken(.end, position..<position) }
    if ExprText.isDigit(c) { return try lexNumeric() }
    if ExprText.isIdentifierStart(c) { return try lexWord() }
    if c == "\"" || c == "'" { return try lexString() }
    return try lexSymbol()
  }

  // MARK: Numbers, dates and durations

  private mutating func lexNumeric() throws(ExprParseError) -> ExprToken {
    let start = position
    if (start..<start + 4).allSatisfy({ ExprText.isDigit(at($0)) }) && at(start + 4) == "-" {
      var end = start
      while ExprText.isDigit(at(end)) || at(end) == "-" { end += 1 }
      position = end
      do throws(DateParseError) {
        return ExprToken(.date(try CalendarDate.parse(Substring(text(start..<end)))), start..<end)
      } catch {
        throw ExprParseError(message: error.message, range: start..<end, help: error.help)
      }
    }
    if let slashed = separatedDate(at: start) { throw slashed }
    var end = start
    while ExprText.isDigit(at(end)) || at(end) == "_" { end += 1 }
    var isInteger = true
    if at(end) == "." {
      guard ExprText.isDigit(at(end + 1)) else {
        throw ExprParseError(
          message: "expected a digit after the decimal point in \(ExprText.quoted(text(start..<end + 1)))",
          range: start..<end + 1, help: nil)
      }
      isInteger = false
      end += 1
      while ExprText.isDigit(at(end)) || at(end) == "_" { end += 1 }
    }
    if ExprText.isIdentifierChar(at(end)) {
      let wordStart = end
      let wordEnd = wordEnd(from: end)
      let word = text(wordStart..<wordEnd)
      let help = Self.unitRanks[word] != nil
        ? "put a space between the number and the unit: `\(text(start..<wordStart)) \(word)`" : nil
      throw ExprParseError(
        message: "\(ExprText.quoted(text(start..<wordEnd))) is not a valid number", range: start..<wordEnd, help: help)
    }
    let value = try checkedNumber(start..<end, isInteger: isInteger)
    position = end
    guard let unit = unit(after: end) else { return ExprToken(.number(value), start..<end) }
    guard isInteger else {
      throw ExprParseError(
        message: "a duration needs a whole number", range: start..<unit.end,
        help: "write a whole number of a smaller unit, e.g. `18 months` instead of `1.5 years`")
    }
    return try lexDuration(start: start, firstAmount: value, firstUnit: unit)
  }

  /// `2022/03/31` or `2022.3.31` would read as a division or a bad number; said as the date it is.
  private func separatedDate(at start: Int) -> ExprParseError? {
    guard (start..<start + 4).allSatisfy({ ExprText.isDigit(at($0)) }), let sep = at(start + 4), sep == "/" || sep == "." else {
      return nil
    }
    func digits(_ i: Int) -> Int? {
      var j = i
      while ExprText.isDigit(at(j)) { j += 1 }
      return (1...2).contains(j - i) ? j : nil
    }
    guard let m = digits(start + 5), at(m) == sep, let d = digits(m + 1), !ExprText.isIdentifierChar(at(d)) else { return nil }
    let written = Substring(text(start..<d))
    let help = CalendarDate.formHelp(written)
    return ExprParseError(
      message: "`\(written)` is not a date here (`\(sep)` is \(sep == "/" ? "division" : "a decimal point")); dates are written YYYY-MM-DD",
      range: start..<d, help: help)
  }

  /// Validates a number's spelling and size and returns its value.
  private func checkedNumber(_ range: Range<Int>, isInteger: Bool) throws(ExprParseError) -> Double {
    let raw = text(range)
    for i in range where scalars[i] == "_" {
      guard ExprText.isDigit(at(i - 1)) && i + 1 < range.upperBound && ExprText.isDigit(at(i + 1)) else {
        throw ExprParseError(
          message: "misplaced `_` in number \(ExprText.quoted(raw))", range: range,
          help: "use `_` only between digits, e.g. `1_000`")
      }
    }
    let cleaned = String(raw.unicodeScalars.filter { $0 != "_" }.map(Character.init))
    var digits = Substring(cleaned.filter { $0 != "." }).drop { $0 == "0" }
    if !isInteger { while digits.last == "0" { digits = digits.dropLast() } }
    let value = Double(cleaned) ?? .infinity
    if digits.count > 15 || !(abs(value) < 9_223_372_036_854_775_808.0) {
      throw ExprParseError(
        message: "number \(ExprText.quoted(raw)) is too large", range: range,
        help: "numbers may have at most 15 significant digits")
    }
    return value
  }

  /// A duration unit word after whitespace at `index`, if there is one.
  private func unit(after index: Int) -> (word: String, rank: Int, start: Int, end: Int)? {
    let start = skipSpaces(from: index)
    guard start > index, ExprText.isIdentifierStart(at(start)) else { return nil }
    let end = wordEnd(from: start)
    let word = text(start..<end)
    return Self.unitRanks[word].map { (word, $0, start, end) }
  }

  /// Lexes `1 year 6 months`-style durations; the first amount and unit are already known.
  private mutating func lexDuration(
    start: Int, firstAmount: Double, firstUnit: (word: String, rank: Int, start: Int, end: Int)
  ) throws(ExprParseError) -> ExprToken {
    var years = 0, months = 0, days = 0
    var amount = Int(firstAmount)
    var unit = firstUnit
    var previous: (word: String, rank: Int)? = nil
    while true {
      if let previous, unit.rank <= previous.rank {
        throw ExprParseError(
          message: "`\(unit.word)` cannot follow `\(previous.word)` in a duration", range: start..<unit.end,
          help: "write each unit once, from largest to smallest, e.g. `1 year 6 months`")
      }
      switch unit.rank {
      case 0: years = amount
      case 1: months = amount
      case 2: days += 7 * amount
      default: days += amount
      }
      previous = (unit.word, unit.rank)
      position = unit.end
      // Another `<integer> <unit>` component continues the same duration.
      let amountStart = skipSpaces(from: position)
      guard amountStart > position, ExprText.isDigit(at(amountStart)) else { break }
      var amountEnd = amountStart
      while ExprText.isDigit(at(amountEnd)) || at(amountEnd) == "_" { amountEnd += 1 }
      guard at(amountEnd) != "." && at(amountEnd) != "-" && !ExprText.isIdentifierStart(at(amountEnd)),
        let next = self.unit(after: amountEnd)
      else { break }
      amount = Int(try checkedNumber(amountStart..<amountEnd, isInteger: true))
      unit = next
    }
    return ExprToken(.duration(DateDuration(years: years, months: months, days: days)), start..<position)
  }

  // MARK: Words

  private mutating func lexWord() throws(ExprParseError) -> ExprToken {
    let start = position
    var end = wordEnd(from: start)
    let word = text(start..<end)
    let scalars = Array(word.unicodeScalars)
    if scalars[0] == "P" && scalars.count > 1 && ExprText.isDigit(scalars[1]) {
      position = end
      do throws(DateParseError) {
        return ExprToken(.duration(try DateDuration.parseISO(Substring(word))), start..<end)
      } catch {
        throw ExprParseError(message: error.message, range: start..<end, help: error.help)
      }
    }
    if let keyword = ExprKeyword(rawValue: word) {
      position = end
      return ExprToken(.keyword(keyword), start..<end)
    }
    let lower = word.lowercased()
    if let keyword = ExprKeyword(rawValue: lower) {
      throw ExprParseError(message: "unexpected \(ExprText.quoted(word))", range: start..<end, help: "write `\(keyword.rawValue)`")
    }
    if lower == "null" || lower == "nil" || lower == "undefined" {
      throw ExprParseError(message: "unexpected \(ExprText.quoted(word))", range: start..<end, help: "write `none`")
    }
    var segments = [word]
    while at(end) == ".", ExprText.isIdentifierStart(at(end + 1)) {
      let segmentEnd = wordEnd(from: end + 1)
      segments.append(text(end + 1..<segmentEnd))
      end = segmentEnd
    }
    position = end
    return ExprToken(.name(segments), start..<end)
  }

  // MARK: Strings

  private mutating func lexString() throws(ExprParseError) -> ExprToken {
    let start = position
    let quote = scalars[start]
    var value = String.UnicodeScalarView()
    var i = start + 1
    while let c = at(i) {
      if c == quote {
        position = i + 1
        return ExprToken(.string(String(value)), start..<position)
      }
      guard c == "\\" else {
        value.append(c)
        i += 1
        continue
      }
      guard let e = at(i + 1) else { break }
      switch e {
      case "\"", "'", "\\": value.append(e)
      case "n": value.append("\n")
      case "t": value.append("\t")
      case "u":
        var j = i + 2
        guard at(j) == "{" else { throw badUnicodeEscape(i..<j) }
        j += 1
        var hex = ""
        while let h = at(j), ExprText.isHexDigit(h), hex.count < 8 { hex.unicodeScalars.append(h); j += 1 }
        guard at(j) == "}", !hex.isEmpty else { throw badUnicodeEscape(i..<min(j + 1, scalars.count)) }
        j += 1
        guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
          throw ExprParseError(
            message: "\(ExprText.quoted(text(i..<j))) is not a valid character", range: i..<j,
            help: "use a Unicode code point outside U+D800–U+DFFF and at most U+10FFFF")
        }
        value.append(scalar)
        i = j
        continue
      default:
        throw ExprParseError(
          message: "unknown escape \(ExprText.quoted(text(i..<i + 2))) in a string", range: i..<i + 2,
          help: #"the escapes are `\"`, `\'`, `\\`, `\n`, `\t` and `\u{…}`"#)
      }
      i += 2
    }
    throw ExprParseError(
      message: "string is never closed", range: start..<start + 1, help: "add a closing `\(quote)`")
  }

  private func badUnicodeEscape(_ range: Range<Int>) -> ExprParseError {
    ExprParseError(
      message: "invalid unicode escape \(ExprText.quoted(text(range)))", range: range,
      help: "write `\\u{` then 1 to 8 hex digits then `}`, e.g. `\\u{3042}`")
  }

  // MARK: Symbols

  private mutating func lexSymbol() throws(ExprParseError) -> ExprToken {
    let start = position
    let c = scalars[start], next = at(start + 1), afterNext = at(start + 2)
    func token(_ symbol: ExprSymbol, _ length: Int = 1) -> ExprToken {
      position = start + length
      return ExprToken(.symbol(symbol), start..<position)
    }
    func mistake(_ length: Int, _ help: String) -> ExprParseError {
      ExprParseError(message: "unexpected \(ExprText.quoted(text(start..<start + length)))", range: start..<start + length, help: help)
    }
    switch c {
    case "(": return token(.leftParen)
    case ")": return token(.rightParen)
    case "[": return token(.leftBracket)
    case "]": return token(.rightBracket)
    case ",": return token(.comma)
    case ":": return token(.colon)
    case "+": return token(.plus)
    case "-": return token(.minus)
    case "*": return token(.star)
    case "/": return token(.slash)
    case ".":
      let before = at(start - 1)
      let continuesSomething = ExprText.isIdentifierChar(before) || before == ")" || before == "]"
      guard ExprText.isDigit(next), !continuesSomething else { return token(.dot) }
      var end = start + 1
      while ExprText.isDigit(at(end)) || at(end) == "_" { end += 1 }
      throw ExprParseError(
        message: "a number needs a digit before the decimal point", range: start..<end,
        help: "write `0\(text(start..<end))`")
    case "=":
      if next == "=" {
        if afterNext == "=" { throw mistake(3, "write `==`") }
        return token(.equal, 2)
      }
      if next == "<" { throw mistake(2, "write `<=`") }
      if next == ">" { throw mistake(2, "write `>=`") }
      throw mistake(1, "write `==` to compare")
    case "!":
      if next == "=" {
        if afterNext == "=" { throw mistake(3, "write `!=`") }
        return token(.notEqual, 2)
      }
      throw mistake(1, "write `not`")
    case "<":
      if next == "=" { return token(.lessEqual, 2) }
      if next == ">" { throw mistake(2, "write `!=`") }
      return token(.less)
    case ">": return next == "=" ? token(.greaterEqual, 2) : token(.greater)
    case "?":
      if next == "?" { return token(.coalesce, 2) }
      throw mistake(1, "write `if … then … else …`, or `??` for a fallback value")
    case "&": throw mistake(next == "&" ? 2 : 1, "write `and`")
    case "|": throw mistake(next == "|" ? 2 : 1, "write `or`")
    default:
      if let era = eraDate(at: start) { throw era }
      throw ExprText.unexpectedCharacter(c, at: start)
    }
  }

  /// An era date (令和6年4月1日) where a date literal belongs: the error says which ISO date to write.
  private func eraDate(at start: Int) -> ExprParseError? {
    let eras: [Unicode.Scalar] = ["令", "平", "昭"]
    guard let c = at(start), eras.contains(c) else { return nil }
    var end = start
    while let s = at(end), s == "元" || s.properties.numericType != nil || ["令", "和", "平", "成", "昭", "年", "月", "日"].contains(s) {
      end += 1
    }
    let text = String(String.UnicodeScalarView(scalars[start..<end]))
    do {
      _ = try CalendarDate.parse(Substring(text))
      return nil
    } catch {
      return ExprParseError(message: "era dates are not dates here: \(ExprText.quoted(text))", range: start..<end,
                            help: error.help ?? "write dates as YYYY-MM-DD")
    }
  }
}
