import Testing

@testable import RulesExpr

private typealias Kind = ExprToken.Kind

private func kinds(_ source: String) throws(ExprParseError) -> [Kind] {
  try ExprLexer.tokenize(source).map(\.kind).dropLast()
}

private func lexError(_ source: String) -> ExprParseError? {
  do {
    _ = try ExprLexer.tokenize(source)
    return nil
  } catch {
    return error
  }
}

private func date(_ text: String) -> Kind { .date(try! CalendarDate.parse(Substring(text))) }
private func duration(years: Int = 0, months: Int = 0, days: Int = 0) -> Kind {
  .duration(DateDuration(years: years, months: months, days: days))
}

/// (source, expected token kinds without the final `.end`)
private let tokenCases: [(String, [Kind])] = [
  ("a.b.c >= 1_000 and x != 'y'", [.name(["a", "b", "c"]), .symbol(.greaterEqual), .number(1000), .keyword(.and), .name(["x"]), .symbol(.notEqual), .string("y")]),
  ("2021-07-06", [date("2021-07-06")]),
  ("2021 - 07", [.number(2021), .symbol(.minus), .number(7)]),
  ("12345-1", [.number(12345), .symbol(.minus), .number(1)]),
  ("d - 1 year 6 months + 2 weeks", [.name(["d"]), .symbol(.minus), duration(years: 1, months: 6), .symbol(.plus), duration(days: 14)]),
  ("1 day", [duration(days: 1)]),
  ("3 years 1 month 1 week 2 days", [duration(years: 3, months: 1, days: 9)]),
  ("1 year 6", [duration(years: 1), .number(6)]),
  ("1 year, 6 months", [duration(years: 1), .symbol(.comma), duration(months: 6)]),
  ("2 * days", [.number(2), .symbol(.star), .name(["days"])]),
  ("P1Y6M", [duration(years: 1, months: 6)]),
  ("PT1H Pa", [.name(["PT1H"]), .name(["Pa"])]),
  ("not in contains if then else true false none or", [
    .keyword(.not), .keyword(.in), .keyword(.contains), .keyword(.if), .keyword(.then), .keyword(.else),
    .keyword(.true), .keyword(.false), .keyword(.none), .keyword(.or),
  ]),
  ("nothing inside", [.name(["nothing"]), .name(["inside"])]),
  ("f(x).y", [.name(["f"]), .symbol(.leftParen), .name(["x"]), .symbol(.rightParen), .symbol(.dot), .name(["y"])]),
  ("a ?? b", [.name(["a"]), .symbol(.coalesce), .name(["b"])]),
  ("[1,2]:", [.symbol(.leftBracket), .number(1), .symbol(.comma), .number(2), .symbol(.rightBracket), .symbol(.colon)]),
  ("< <= > >= == !=", [.symbol(.less), .symbol(.lessEqual), .symbol(.greater), .symbol(.greaterEqual), .symbol(.equal), .symbol(.notEqual)]),
  ("\"a\\\"b\\\\c\\n\\t\\u{1F600}'\"", [.string("a\"b\\c\n\t\u{1F600}'")]),
  ("'申請日'", [.string("申請日")]),
  ("0.25 007", [.number(0.25), .number(7)]),
  ("_private x_1", [.name(["_private"]), .name(["x_1"])]),
]

/// Errors raised while lexing, reported through the parser.
private let lexerErrorCases: [ExprErrorCase] = [
  ExprErrorCase("a && b", "unexpected `&&`", "write `and`", 2..<4),
  ExprErrorCase("a & b", "unexpected `&`", "write `and`", 2..<3),
  ExprErrorCase("a || b", "unexpected `||`", "write `or`", 2..<4),
  ExprErrorCase("!x", "unexpected `!`", "write `not`", 0..<1),
  ExprErrorCase("a = b", "unexpected `=`", "write `==` to compare", 2..<3),
  ExprErrorCase("a === b", "unexpected `===`", "write `==`", 2..<5),
  ExprErrorCase("a !== b", "unexpected `!==`", "write `!=`", 2..<5),
  ExprErrorCase("a <> b", "unexpected `<>`", "write `!=`", 2..<4),
  ExprErrorCase("a =< b", "unexpected `=<`", "write `<=`", 2..<4),
  ExprErrorCase("x ? y : z", "unexpected `?`", "write `if … then … else …`, or `??` for a fallback value", 2..<3),
  ExprErrorCase("x == null", "unexpected `null`", "write `none`", 5..<9),
  ExprErrorCase("x == nil", "unexpected `nil`", "write `none`", 5..<8),
  ExprErrorCase("x == None", "unexpected `None`", "write `none`", 5..<9),
  ExprErrorCase("True", "unexpected `True`", "write `true`", 0..<4),
  ExprErrorCase("FALSE", "unexpected `FALSE`", "write `false`", 0..<5),
  ExprErrorCase("a AND b", "unexpected `AND`", "write `and`", 2..<5),
  ExprErrorCase("（a）", "unexpected character `（`", "write the ASCII `(` instead", 0..<1),
  ExprErrorCase("a ＝ b", "unexpected character `＝`", "write the ASCII `==` instead", 2..<3),
  ExprErrorCase("１", "unexpected character `１`", "write the ASCII `1` instead", 0..<1),
  ExprErrorCase("a\u{3000}b", "unexpected invisible character U+3000", "write a plain space instead", 1..<2),
  ExprErrorCase("a\u{200B}", "unexpected invisible character U+200B", "remove this invisible character", 1..<2),
  ExprErrorCase("a # b", "unexpected character `#`", nil, 2..<3),
  ExprErrorCase("\"abc", "string is never closed", "add a closing `\"`", 0..<1),
  ExprErrorCase("x == '期間", "string is never closed", "add a closing `'`", 5..<6),
  ExprErrorCase("\"a\\qb\"", "unknown escape `\\q` in a string", "the escapes are `\\\"`, `\\'`, `\\\\`, `\\n`, `\\t` and `\\u{…}`", 2..<4),
  ExprErrorCase("\"\\u{}\"", "invalid unicode escape `\\u{}`", "write `\\u{` then 1 to 8 hex digits then `}`, e.g. `\\u{3042}`", 1..<5),
  ExprErrorCase("\"\\u{D800}\"", "`\\u{D800}` is not a valid character", "use a Unicode code point outside U+D800–U+DFFF and at most U+10FFFF", 1..<9),
  ExprErrorCase("12345678901234567", "number `12345678901234567` is too large", "numbers may have at most 15 significant digits", 0..<17),
  ExprErrorCase("0.1234567890123456", "number `0.1234567890123456` is too large", "numbers may have at most 15 significant digits", 0..<18),
  ExprErrorCase("x * 1_000_000_000_000_000", "number `1_000_000_000_000_000` is too large", "numbers may have at most 15 significant digits", 4..<25),
  ExprErrorCase(".5", "a number needs a digit before the decimal point", "write `0.5`", 0..<2),
  ExprErrorCase("1.", "expected a digit after the decimal point in `1.`", nil, 0..<2),
  ExprErrorCase("1__000", "misplaced `_` in number `1__000`", "use `_` only between digits, e.g. `1_000`", 0..<6),
  ExprErrorCase("1_", "misplaced `_` in number `1_`", "use `_` only between digits, e.g. `1_000`", 0..<2),
  ExprErrorCase("1year", "`1year` is not a valid number", "put a space between the number and the unit: `1 year`", 0..<5),
  ExprErrorCase("12abc", "`12abc` is not a valid number", nil, 0..<5),
  ExprErrorCase("1.5 years", "a duration needs a whole number", "write a whole number of a smaller unit, e.g. `18 months` instead of `1.5 years`", 0..<9),
  ExprErrorCase("6 months 1 year", "`year` cannot follow `months` in a duration", "write each unit once, from largest to smallest, e.g. `1 year 6 months`", 0..<15),
  ExprErrorCase("1 day 2 days", "`days` cannot follow `day` in a duration", "write each unit once, from largest to smallest, e.g. `1 year 6 months`", 0..<12),
]

/// Token and lexical-error tests.
struct LexerTests {
  @Test(arguments: tokenCases)
  func lexesTokens(source: String, expected: [ExprToken.Kind]) throws {
    #expect(try kinds(source) == expected)
  }

  @Test func tokenRangesAreScalarOffsets() throws {
    let tokens = try ExprLexer.tokenize("\"日本語\" == a.b and 1 year 6 months")
    #expect(tokens.map(\.range) == [0..<5, 6..<8, 9..<12, 13..<16, 17..<32, 32..<32])
  }

  @Test(arguments: lexerErrorCases)
  func reportsLexicalErrors(_ c: ExprErrorCase) {
    var error: ExprParseError?
    do { _ = try ExprParser.parse(c.source) } catch let e { error = e }
    #expect(error?.message == c.message)
    #expect(error?.help == c.help)
    #expect(error?.range == c.range)
    #expect(lexError(c.source) == error)
  }

  /// Bad dates and ISO durations carry the date library's own message and help, pointing at the token.
  @Test(arguments: [
    ("2021-02-30", 0..<10), ("2021-7-6", 0..<8), ("x < 2021-13-01", 4..<14), ("2021-07-06-", 0..<11),
  ])
  func reportsDateErrors(source: String, range: Range<Int>) {
    let text = Substring(source.unicodeScalars.dropFirst(range.lowerBound).prefix(range.count).map(Character.init))
    var expected: DateParseError?
    do throws(DateParseError) { _ = try CalendarDate.parse(text) } catch { expected = error }
    let error = lexError(source)
    #expect(expected != nil)
    #expect(error?.message == expected?.message)
    #expect(error?.help == expected?.help)
    #expect(error?.range == range)
  }

  @Test func reportsISODurationErrors() {
    var expected: DateParseError?
    do throws(DateParseError) { _ = try DateDuration.parseISO("P1X") } catch { expected = error }
    let error = lexError("d + P1X")
    #expect(expected != nil)
    #expect(error?.message == expected?.message)
    #expect(error?.help == expected?.help)
    #expect(error?.range == 4..<7)
  }
}
