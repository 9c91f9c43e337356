import Testing

@testable import RulesExpr

// MARK: AST builders

private typealias Expr = Syntax.Expr
private func e(_ kind: Expr.Kind) -> Expr { Expr(kind: kind) }
private func path(_ text: String) -> Expr { e(.path(text.split(separator: ".").map(String.init))) }
private func num(_ value: Double) -> Expr { e(.literal(.number(value))) }
private func str(_ value: String) -> Expr { e(.literal(.string(value))) }
private func bin(_ op: Syntax.BinaryOp, _ l: Expr, _ r: Expr) -> Expr { e(.binary(op, l, r)) }
private func not(_ x: Expr) -> Expr { e(.unary(.not, x)) }
private func neg(_ x: Expr) -> Expr { e(.unary(.negate, x)) }
private func cond(_ c: Expr, _ a: Expr, _ b: Expr) -> Expr { e(.conditional(c, a, b)) }
private func call(_ name: String, _ args: Syntax.Argument...) -> Expr { e(.call(name, args)) }
private func arg(_ value: Expr) -> Syntax.Argument { Syntax.Argument(value: value) }
private func arg(_ label: String, _ value: Expr) -> Syntax.Argument { Syntax.Argument(label: label, value: value) }
private func member(_ base: Expr, _ name: String) -> Expr { e(.member(base, name)) }
private func list(_ items: Expr...) -> Expr { e(.list(items)) }
private func duration(years: Int = 0, months: Int = 0, days: Int = 0) -> Expr {
  e(.literal(.duration(DateDuration(years: years, months: months, days: days))))
}

private func parse(_ source: String) throws(ExprParseError) -> Expr { try ExprParser.parse(source) }

private func parseError(_ source: String, limits: ExprParser.Limits = .init()) -> ExprParseError? {
  do {
    _ = try ExprParser.parse(source, limits: limits)
    return nil
  } catch {
    return error
  }
}

// MARK: Valid expressions and their canonical form

/// (source, canonical printed form)
private let printCases: [(String, String)] = [
  ("service.registered_on != none and service.registered_on <= as_of", "service.registered_on != none and service.registered_on <= as_of"),
  ("contract.ends_on ?? 2023-03-31", "contract.ends_on ?? 2023-03-31"),
  ("period_end(service.used_from, 1 year, first_day: excluded)", "period_end(service.used_from, 1 year, first_day: excluded)"),
  ("interim_measure.excluded contains \"contract-after-decision\"", "interim_measure.excluded contains \"contract-after-decision\""),
  ("agency.kind in [\"independent_administrative_agency\", \"designated_corporation\"]", "agency.kind in [\"independent_administrative_agency\", \"designated_corporation\"]"),
  ("if a then b else c ?? d", "if a then b else c ?? d"),
  ("lookup(ismap_list, service.name).registered_on", "lookup(ismap_list, service.name).registered_on"),
  ("not a and b", "not a and b"),
  ("-x + 1", "-x + 1"),
  ("1 year 6 months", "1 year 6 months"),
  ("1 year   6 months", "1 year 6 months"),
  ("P1Y", "1 year"),
  ("P1Y6M", "1 year 6 months"),
  ("2 weeks", "14 days"),
  ("30 days", "30 days"),
  ("-1 year", "-1 year"),
  ("a ?? b ?? c", "a ?? b ?? c"),
  ("(a ?? b) ?? c", "(a ?? b) ?? c"),
  ("a ?? b or c", "a ?? b or c"),
  ("(a ?? b) or c", "(a ?? b) or c"),
  ("count(xs) > 0", "count(xs) > 0"),
  ("[]", "[]"),
  ("[ ]", "[]"),
  ("x not in [1, 2]", "x not in [1, 2]"),
  ("x not in [1,2,]", "x not in [1, 2]"),
  ("a+b*c", "a + b * c"),
  ("(a+b)*c", "(a + b) * c"),
  ("a - (b - c)", "a - (b - c)"),
  ("(a - b) - c", "a - b - c"),
  ("a / (b * c)", "a / (b * c)"),
  ("((x))", "x"),
  ("not (a and b)", "not (a and b)"),
  ("not not a", "not not a"),
  ("- -x", "-(-x)"),
  ("a * -b", "a * -b"),
  ("not x in xs", "not x in xs"),
  ("(not x) in xs", "(not x) in xs"),
  ("true or false and none == none", "true or false and none == none"),
  ("(a or b) and c", "(a or b) and c"),
  ("a or (b and c)", "a or b and c"),
  ("if a then (if b then c else d) else e", "if a then (if b then c else d) else e"),
  ("if a then b else if c then d else e", "if a then b else if c then d else e"),
  ("f(if a then b else c)", "f(if a then b else c)"),
  ("(if a then 1 else 2) + 3", "(if a then 1 else 2) + 3"),
  ("max( a , b , )", "max(a, b)"),
  ("today()", "today()"),
  ("period_end(d, 1 year, first_day: excluded, inclusive: true)", "period_end(d, 1 year, first_day: excluded, inclusive: true)"),
  ("[a, b].size", "[a, b].size"),
  ("(a + b).x", "(a + b).x"),
  ("(a).x", "(a).x"),
  ("f(x).a.b", "f(x).a.b"),
  ("x == 2021-07-06", "x == 2021-07-06"),
  ("2021 - 07", "2021 - 7"),
  ("decision_date - 2021-07-06", "decision_date - 2021-07-06"),
  ("'single'", "\"single\""),
  ("'it\\'s'", "\"it's\""),
  ("\"say \\\"hi\\\"\\n\"", "\"say \\\"hi\\\"\\n\""),
  ("\"tab\\there\"", "\"tab\\there\""),
  ("\"\\u{3042}\"", "\"あ\""),
  ("\"期間\" == x", "\"期間\" == x"),
  ("1_000", "1000"),
  ("0.50", "0.5"),
  ("12.0", "12"),
  ("0.000001", "0.000001"),
  ("x contains y and y in z", "x contains y and y in z"),
  ("a\n  and b", "a and b"),
]

/// (source, expected tree) — checks precedence and associativity independently of the printer.
private let treeCases: [(String, Expr)] = [
  ("not a and b", bin(.and, not(path("a")), path("b"))),
  ("a or b and c", bin(.or, path("a"), bin(.and, path("b"), path("c")))),
  ("a ?? b ?? c", bin(.coalesce, path("a"), bin(.coalesce, path("b"), path("c")))),
  ("a ?? b or c", bin(.coalesce, path("a"), bin(.or, path("b"), path("c")))),
  ("if a then b else c ?? d", cond(path("a"), path("b"), bin(.coalesce, path("c"), path("d")))),
  ("a - b - c", bin(.subtract, bin(.subtract, path("a"), path("b")), path("c"))),
  ("a / b * c", bin(.multiply, bin(.divide, path("a"), path("b")), path("c"))),
  ("-x + 1", bin(.add, neg(path("x")), num(1))),
  ("a + b * c", bin(.add, path("a"), bin(.multiply, path("b"), path("c")))),
  ("not x in xs", not(bin(.in_, path("x"), path("xs")))),
  ("x not in [1, 2]", bin(.notIn, path("x"), list(num(1), num(2)))),
  ("a + 1 < b and c", bin(.and, bin(.less, bin(.add, path("a"), num(1)), path("b")), path("c"))),
  ("-a.b", neg(path("a.b"))),
  ("f(x).a.b", member(member(call("f", arg(path("x"))), "a"), "b")),
  ("lookup(t, k).registered_on", member(call("lookup", arg(path("t")), arg(path("k"))), "registered_on")),
  ("period_end(d, 1 year, first_day: excluded)", call("period_end", arg(path("d")), arg(duration(years: 1)), arg("first_day", path("excluded")))),
  ("1 year 6 months", duration(years: 1, months: 6)),
  ("1 week 2 days", duration(days: 9)),
  ("[]", list()),
  ("\"a\\\\b\"", str("a\\b")),
  ("service.registered_on", path("service.registered_on")),
  ("(x)", path("x")),
]

// MARK: Expected errors

/// An expected error: source, message, help, range.
struct ExprErrorCase: Sendable, CustomTestStringConvertible {
  let source: String
  let message: String
  let help: String?
  let range: Range<Int>
  init(_ source: String, _ message: String, _ help: String? = nil, _ range: Range<Int>) {
    self.source = source
    self.message = message
    self.help = help
    self.range = range
  }
  var testDescription: String { source }
}

private let parserErrorCases: [ExprErrorCase] = [
  ExprErrorCase("", "expected an expression", nil, 0..<0),
  ExprErrorCase("a and", "expected an expression after `and`", nil, 2..<5),
  ExprErrorCase("a and )", "expected an expression after `and`", nil, 6..<7),
  ExprErrorCase("not", "expected an expression after `not`", nil, 0..<3),
  ExprErrorCase("1 + not x", "expected an expression after `+`", "wrap it in parentheses: `(not …)`", 4..<7),
  ExprErrorCase("a)", "unexpected `)`", nil, 1..<2),
  ExprErrorCase(")", "unexpected `)`", nil, 0..<1),
  ExprErrorCase("a b", "unexpected `b`", nil, 2..<3),
  ExprErrorCase("(a", "`(` is never closed", "add a matching `)`", 0..<1),
  ExprErrorCase("((a + b)", "`(` is never closed", "add a matching `)`", 0..<1),
  ExprErrorCase("(", "`(` is never closed", "add a matching `)`", 0..<1),
  ExprErrorCase("f(a, b", "`(` is never closed", "add a matching `)`", 1..<2),
  ExprErrorCase("[1, 2", "`[` is never closed", "add a matching `]`", 0..<1),
  ExprErrorCase("[1, 2,", "`[` is never closed", "add a matching `]`", 0..<1),
  ExprErrorCase("(a b)", "expected `)`, found `b`", nil, 3..<4),
  ExprErrorCase("[a b]", "expected `,` or `]`, found `b`", nil, 3..<4),
  ExprErrorCase("f(a b)", "expected `,` or `)`, found `b`", nil, 4..<5),
  ExprErrorCase("[a,,]", "expected an expression after `,`", nil, 3..<4),
  ExprErrorCase("if a b", "expected `then` after the condition of `if`", nil, 5..<6),
  ExprErrorCase("if a", "expected `then` after the condition of `if`", nil, 3..<4),
  ExprErrorCase("if a then b", "expected `else` after the `then` branch of `if`", "an `if` needs both `then` and `else`", 10..<11),
  ExprErrorCase("x + if a then b else c", "`if` must be wrapped in parentheses here", "write `(if … then … else …)`", 4..<6),
  ExprErrorCase("a < b < c", "comparisons cannot be chained", "combine with `and`", 6..<7),
  ExprErrorCase("a == b not in c", "comparisons cannot be chained", "combine with `and`", 7..<13),
  ExprErrorCase("a.b(1)", "cannot call `a.b`", "functions are called by a single name, e.g. `min(a, b)`", 0..<3),
  ExprErrorCase("f(a: 1, 2)", "unlabelled argument after a labelled one", "put unlabelled arguments first", 8..<9),
  ExprErrorCase("f(a: 1, a: 2)", "duplicate argument label `a`", nil, 8..<9),
  ExprErrorCase("a .b", "unexpected `.`", "write dotted names without spaces, e.g. `service.registered_on`", 2..<3),
  ExprErrorCase("1 .x", "unexpected `.`", "wrap it in parentheses to look up a member", 2..<3),
  ExprErrorCase("f(x). y", "expected a name after `.`", nil, 6..<7),
  ExprErrorCase("f(x).", "expected a name after `.`", nil, 4..<5),
  ExprErrorCase("a. b", "expected a name after `.`", nil, 1..<2),
  ExprErrorCase("x then", "unexpected `then`", nil, 2..<6),
]

private let roomy = ExprParser.Limits(maxDepth: 100, maxLength: 1_000_000)

/// Parser, printer and limit tests; the tables above drive most of them.
struct ParserTests {
  @Test(arguments: printCases)
  func printsCanonically(source: String, printed: String) throws {
    let expr = try parse(source)
    #expect(expr.description == printed)
    #expect(try parse(expr.description) == expr)
    #expect(try parse(expr.description).description == printed)
  }

  @Test(arguments: treeCases)
  func parsesTree(source: String, expected: Syntax.Expr) throws {
    #expect(try parse(source) == expected)
    #expect(try parse(expected.description) == expected)
  }

  /// Trees the parser never produces directly must still print as source that parses back to them.
  @Test(arguments: [
    member(path("a"), "x"),
    member(num(1), "x"),
    bin(.add, cond(path("a"), num(1), num(2)), num(3)),
    bin(.add, num(3), cond(path("a"), num(1), num(2))),
    cond(cond(path("a"), path("b"), path("c")), path("d"), path("e")),
    neg(neg(num(1))),
    neg(bin(.add, path("a"), path("b"))),
    not(bin(.or, path("a"), path("b"))),
    bin(.less, bin(.less, path("a"), path("b")), path("c")),
    bin(.coalesce, bin(.coalesce, path("a"), path("b")), path("c")),
    str("line\nquote\" back\\ bell\u{7}"),
    num(1e-7), num(123.456), num(1e15 - 1), neg(num(0.5)),
    call("f", arg(cond(path("a"), path("b"), path("c"))), arg("k", list())),
  ])
  func printedTreesParseBack(tree: Syntax.Expr) throws {
    #expect(try parse(tree.description) == tree)
  }

  @Test func equalityIgnoresRanges() throws {
    #expect(try parse("a+b") == parse("( a ) + ( b )"))
    #expect(try parse("f(x, k: 1)").hashValue == parse("f( x ,k:1 )").hashValue)
  }

  @Test func rangesAreScalarOffsets() throws {
    let expr = try parse("\"期間\" == x and f(y, z: 1)")
    #expect(expr.range == 0..<24)
    guard case .binary(.and, let comparison, let callExpr) = expr.kind,
      case .binary(.equal, let text, let x) = comparison.kind,
      case .call("f", let args) = callExpr.kind
    else { Issue.record("unexpected shape \(expr)"); return }
    #expect(text.range == 0..<4)
    #expect(x.range == 8..<9)
    #expect(comparison.range == 0..<9)
    #expect(callExpr.range == 14..<24)
    #expect(args[0].value.range == 16..<17)
    #expect(args[1].labelRange == 19..<20)
    #expect(args[1].value.range == 22..<23)
  }

  @Test func rangesAfterEscapesAndParentheses() throws {
    let sum = try parse("\"あ\\u{3042}\" + x")
    guard case .binary(.add, let s, let x) = sum.kind else { Issue.record("not a sum"); return }
    #expect(s.range == 0..<11)
    #expect(x.range == 14..<15)

    let product = try parse("(a + b) * c")
    guard case .binary(.multiply, let group, _) = product.kind else { Issue.record("not a product"); return }
    #expect(group.range == 0..<7)

    let chain = try parse("f(x).a.b")
    guard case .member(let inner, "b") = chain.kind, case .member(let callExpr, "a") = inner.kind else {
      Issue.record("not a member chain"); return
    }
    #expect(chain.range == 0..<8)
    #expect(inner.range == 0..<6)
    #expect(callExpr.range == 0..<4)
    #expect(try parse("1 year 6 months").range == 0..<15)
    #expect(try parse("if a then b else c").range == 0..<18)
    #expect(try parse("x not in ys").range == 0..<11)
  }

  @Test(arguments: parserErrorCases)
  func reportsParseErrors(_ c: ExprErrorCase) {
    let error = parseError(c.source)
    #expect(error?.message == c.message)
    #expect(error?.help == c.help)
    #expect(error?.range == c.range)
  }

  @Test func reportsTheFirstErrorInSourceOrder() {
    // A syntax error before a lexical error wins.
    #expect(parseError("a and and \"unterminated")?.message == "expected an expression after `and`")
    #expect(parseError("(a &&")?.message == "unexpected `&&`")
  }

  @Test func rejectsLongSources() {
    let error = parseError(String(repeating: "a", count: 10_001))
    #expect(error?.message == "expression is longer than 10000 characters")
    #expect(error?.range == 10_000..<10_001)
    #expect(error?.help == "split it into definitions")
    #expect(parseError(String(repeating: "a", count: 10_000)) == nil)
  }

  @Test func allowsNestingUpToTheLimit() throws {
    let hundred = String(repeating: "(", count: 100) + "x" + String(repeating: ")", count: 100)
    #expect(try parse(hundred) == path("x"))
    let tooDeep = "(" + hundred + ")"
    #expect(parseError(tooDeep)?.range == 100..<101)
    #expect(parseError(tooDeep, limits: ExprParser.Limits(maxDepth: 101))?.message == nil)
    // Every construct at once: `not`, `-`, a call and a list per repetition, 100 levels in all.
    let mixed = String(repeating: "a ?? b or c and not d == e + f * -g([", count: 25) + "x" + String(repeating: "])", count: 25)
    let expr = try parse(mixed)
    #expect(try parse(expr.description) == expr)
    #expect(parseError("(" + mixed + ")")?.message == "expression is nested more than 100 levels deep")
  }

  /// (repeated 10,000 times, then the suffix; range of the error)
  @Test(arguments: [
    ("(", "", 100..<101), ("[", "", 100..<101), ("f(", "", 201..<202), ("not ", "x", 400..<403),
    ("-", "x", 100..<101), ("if ", "", 300..<302), ("not -(", "", 202..<203), ("a + (", "", 504..<505),
  ])
  func rejectsDeepNestingQuickly(repeated: String, suffix: String, range: Range<Int>) {
    let start = ContinuousClock.now
    let error = parseError(String(repeating: repeated, count: 10_000) + suffix, limits: roomy)
    #expect(error?.message == "expression is nested more than 100 levels deep")
    #expect(error?.help == "split it into definitions")
    #expect(error?.range == range)
    #expect(ContinuousClock.now - start < .seconds(2))
  }

  @Test func deepSourcesFailWithDefaultLimitsToo() {
    #expect(parseError(String(repeating: "(", count: 10_000))?.message == "expression is nested more than 100 levels deep")
    #expect(parseError(String(repeating: "not ", count: 10_000))?.message == "expression is longer than 10000 characters")
  }
}
