/// An error found while lexing or parsing an expression.
///
/// Messages are lowercase without a final period and quote user text in
/// backticks, e.g. "expected an expression after `and`".
public struct ExprParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What went wrong.
  public let message: String
  /// The offending source, as offsets in Unicode scalars (code points) of the expression.
  public let range: Range<Int>
  /// A suggestion for fixing it, if there is one.
  public let help: String?

  /// Creates an error.
  public init(message: String, range: Range<Int>, help: String? = nil) {
    self.message = message
    self.range = range
    self.help = help
  }

  /// The message, followed by the help on a new line when there is one.
  public var description: String {
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
