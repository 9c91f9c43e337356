/// An error found while lexing or parsing an expression.
///
/// Messages are lowercase without a final period and quote user text in
/// backticks, e.g. "expected an expression after `and`".
package struct ExprParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong.
  package let message: String
  /// The offending source, as offsets in Unicode scalars (code points) of the expression.
  package let range: Range<Int>
  /// A suggestion for fixing it, if there is one.
  package let help: String?

  /// Creates an error.
  package init(message: String, range: Range<Int>, help: String? = nil) {
    self.message = message
    self.range = range
    self.help = help
  }

  /// The message, followed by the help on a new line when there is one.
  package var description: String {
    help.map { "\(message)\nhelp: \($0)" } ?? message
  }
}

/// A reserved word of the expression language; never an identifier.
enum ExprKeyword: String, CaseIterable, Hashable, Sendable {
  case and, or, not, `in`, contains, `if`, then, `else`, `true`, `false`, none
}

/// Punctuation and operator tokens.
enum ExprSymbol: String, Hashable, Sendable {
  case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
  case comma = ",", colon = ":", dot = "."
  case plus = "+", minus = "-", star = "*", slash = "/"
  case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
  case coalesce = "??"
}

/// One lexical token of an expression.
struct ExprToken: Hashable, Sendable {
  /// What the token is, with its decoded value.
  enum Kind: Hashable, Sendable {
    case number(Double)
    case string(String)
    case date(CalendarDate)
    case duration(DateDuration)
    /// An identifier or a dotted identifier chain (`service.registered_on`), one element per segment.
    case name([String])
    case keyword(ExprKeyword)
    case symbol(ExprSymbol)
    /// End of input; its range is empty, at the end of the source.
    case end
  }

  let kind: Kind
  /// Scalar offsets of the token in the source.
  let range: Range<Int>

  init(_ kind: Kind, _ range: Range<Int>) {
    self.kind = kind
    self.range = range
  }
}

/// Small character helpers shared by the lexer and parser.
enum ExprText {
  static func isDigit(_ c: Unicode.Scalar?) -> Bool {
    guard let c else { return false }
    return c.value >= 0x30 && c.value <= 0x39
  }

  static func isIdentifierStart(_ c: Unicode.Scalar?) -> Bool {
    guard let c else { return false }
    return (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A) || c == "_"
  }

  static func isIdentifierChar(_ c: Unicode.Scalar?) -> Bool { isIdentifierStart(c) || isDigit(c) }

  static func isHexDigit(_ c: Unicode.Scalar) -> Bool {
    isDigit(c) || (c.value >= 0x41 && c.value <= 0x46) || (c.value >= 0x61 && c.value <= 0x66)
  }

  /// Wraps user text in backticks for a message, shortening very long text.
  static func quoted(_ text: String) -> String {
    var text = text
    if text.unicodeScalars.count > 40 {
      text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(37))) + "…"
    }
    return text.contains("`") ? "`` \(text) ``" : "`\(text)`"
  }

  /// `U+3000` style name of a scalar.
  static func codePoint(_ c: Unicode.Scalar) -> String {
    let hex = String(c.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }

  /// The ASCII spelling a look-alike character (full-width forms, typographic quotes, …) stands for.
  static func asciiLookalike(_ c: Unicode.Scalar) -> String? {
    switch c.value {
    case 0xFF1D: return "=="  // ＝ is almost always meant as a comparison
    case 0xFF01...0xFF5E: return String(Unicode.Scalar(c.value - 0xFEE0)!)
    case 0x3000, 0x00A0: return " "
    case 0x2018, 0x2019: return "'"
    case 0x201C, 0x201D, 0x300C, 0x300D: return "\""
    case 0x3001: return ","
    case 0x3002: return "."
    case 0x2212, 0x2013, 0x2014: return "-"
    case 0x00D7: return "*"
    case 0x00F7: return "/"
    case 0x2264: return "<="
    case 0x2265: return ">="
    case 0x2260: return "!="
    default: return nil
    }
  }

  /// Whether a scalar would be invisible (or misleading) if shown between backticks.
  static func isInvisible(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x00...0x1F, 0x7F...0xA0, 0x2000...0x200F, 0x2028...0x202F, 0x205F...0x2064, 0x3000, 0xFEFF: true
    default: false
    }
  }

  /// The "unexpected character" error for a scalar the language does not use.
  static func unexpectedCharacter(_ c: Unicode.Scalar, at offset: Int) -> ExprParseError {
    let range = offset..<(offset + 1)
    let ascii = asciiLookalike(c)
    if isInvisible(c) {
      let help = ascii == " " ? "write a plain space instead" : "remove this invisible character"
      return ExprParseError(message: "unexpected invisible character \(codePoint(c))", range: range, help: help)
    }
    let help = ascii.map { "write the ASCII \(quoted($0)) instead" }
    return ExprParseError(message: "unexpected character \(quoted(String(c)))", range: range, help: help)
  }
}

// MARK: Parser errors
// Built out of line so the parser's recursive functions keep small stack frames.

extension ExprParserState {
  /// The source text of a token, quoted for a message.
  func quoted(_ token: ExprToken) -> String {
    ExprText.quoted(String(String.UnicodeScalarView(lexer.scalars[token.range])))
  }

  @inline(never) func unexpected(_ token: ExprToken, help: String? = nil) -> ExprParseError {
    ExprParseError(message: "unexpected \(quoted(token))", range: token.range, help: help)
  }

  /// An error about `token`; at the end of input it points at the last real token instead.
  @inline(never) func error(_ message: String, at token: ExprToken, help: String? = nil) -> ExprParseError {
    let range = token.kind == .end ? (previous?.range ?? token.range) : token.range
    return ExprParseError(message: message, range: range, help: help)
  }

  @inline(never) func tooDeep(_ token: ExprToken) -> ExprParseError {
    ExprParseError(
      message: "expression is nested more than \(limits.maxDepth) levels deep", range: token.range,
      help: "split it into definitions")
  }

  @inline(never) func tooHigh(_ range: Range<Int>) -> ExprParseError {
    ExprParseError(
      message: "expression has operators nested more than \(limits.maxHeight) levels deep",
      range: range, help: "split it into definitions, or write a long `and` as a list of conditions")
  }

  @inline(never) func neverClosed(_ open: ExprToken) -> ExprParseError {
    let close = open.kind == .symbol(.leftBracket) ? "]" : ")"
    return ExprParseError(message: "\(quoted(open)) is never closed", range: open.range, help: "add a matching `\(close)`")
  }

  /// The current token is not the closing bracket or separator `expecting` describes.
  @inline(never) func unclosed(_ open: ExprToken, expecting: String) -> ExprParseError {
    let token = lookahead[0]
    if token.kind == .end { return neverClosed(open) }
    return error("expected \(expecting), found \(quoted(token))", at: token)
  }

  /// The current token should have been `then` or `else` of an `if`.
  @inline(never) func missing(_ keyword: ExprKeyword) -> ExprParseError {
    keyword == .then
      ? error("expected `then` after the condition of `if`", at: lookahead[0])
      : error(
        "expected `else` after the `then` branch of `if`", at: lookahead[0], help: "an `if` needs both `then` and `else`")
  }

  @inline(never) func notAnExpression(_ token: ExprToken) -> ExprParseError {
    if token.kind == .keyword(.if) {
      return ExprParseError(
        message: "`if` must be wrapped in parentheses here", range: token.range, help: "write `(if … then … else …)`")
    }
    guard let previous else {
      if token.kind == .end { return ExprParseError(message: "expected an expression", range: token.range) }
      return unexpected(token)
    }
    let help: String? = token.kind == .keyword(.not) ? "wrap it in parentheses: `(not …)`" : nil
    return error("expected an expression after \(quoted(previous))", at: token, help: help)
  }

  @inline(never) func chainedComparison(_ range: Range<Int>) -> ExprParseError {
    ExprParseError(message: "comparisons cannot be chained", range: range, help: "combine with `and`")
  }

  @inline(never) func dottedCall(_ name: ExprToken) -> ExprParseError {
    ExprParseError(
      message: "cannot call \(quoted(name))", range: name.range,
      help: "functions are called by a single name, e.g. `min(a, b)`")
  }

  @inline(never) func positionalAfterLabel(_ value: Syntax.Expr) -> ExprParseError {
    ExprParseError(
      message: "unlabelled argument after a labelled one", range: value.range, help: "put unlabelled arguments first")
  }

  @inline(never) func duplicateLabel(_ label: ExprToken) -> ExprParseError {
    ExprParseError(message: "duplicate argument label \(quoted(label))", range: label.range)
  }

  @inline(never) func misplacedDot(_ dot: ExprToken, after expr: Syntax.Expr) -> ExprParseError {
    if case .path = expr.kind {
      // Directly after a name, the lexer would have joined `.name`; so nothing usable follows the dot.
      if dot.range.lowerBound == expr.range.upperBound { return error("expected a name after `.`", at: dot) }
      return unexpected(dot, help: "write dotted names without spaces, e.g. `service.registered_on`")
    }
    return unexpected(dot, help: "wrap it in parentheses to look up a member")
  }
}
