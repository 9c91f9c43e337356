/// Parses rule expressions into ``Syntax/Expr`` trees.
///
/// Grammar, from lowest to highest precedence:
///
/// 1. `if c then a else b` — only where a whole expression is expected (top level,
///    inside parentheses, list elements, call arguments, `if` branches)
/// 2. `a ?? b` (right-associative)
/// 3. `or`, 4. `and` (left-associative), 5. prefix `not`
/// 6. comparisons `==` `!=` `<` `<=` `>` `>=` `in` `not in` `contains` (not chainable)
/// 7. `+` `-`, 8. `*` `/` (left-associative), 9. prefix `-`
/// 10. postfix `.name` after a call, list or parenthesised expression; calls `name(args)`
/// 11. literals, paths, `( expr )`, lists `[a, b,]`
///
/// The parser recurses at most ``Limits/maxDepth`` levels, so hostile input such as
/// ten thousand `(` fails quickly with an error instead of overflowing the stack.
public struct ExprParser {
  /// Bounds on the input, protecting the parser and later stages from pathological expressions.
  public struct Limits: Sendable {
    /// The deepest nesting of parentheses, lists, calls, `if`s and prefix operators allowed.
    public var maxDepth: Int = 100
    /// The longest source allowed, in Unicode scalars.
    public var maxLength: Int = 10_000

    /// Creates limits; the defaults suit hand-written rules.
    public init(maxDepth: Int = 100, maxLength: Int = 10_000) {
      self.maxDepth = maxDepth
      self.maxLength = maxLength
    }
  }

  /// Parses one complete expression.
  ///
  /// - Throws: the first ``ExprParseError`` in source order; ranges are Unicode scalar offsets.
  public static func parse(_ source: String, limits: Limits = .init()) throws(ExprParseError) -> Syntax.Expr {
    let scalars = Array(source.unicodeScalars)
    guard scalars.count <= limits.maxLength else {
      throw ExprParseError(
        message: "expression is longer than \(limits.maxLength) characters",
        range: limits.maxLength..<scalars.count, help: "split it into definitions")
    }
    var parser = ExprParser(lexer: ExprLexer(scalars), limits: limits)
    let expr = try parser.parseExpression()
    let next = try parser.peek()
    guard next.kind == .end else { throw parser.unexpected(next) }
    return expr
  }

  private var lexer: ExprLexer
  private let limits: Limits
  /// Tokens already lexed but not yet consumed (at most two).
  private var lookahead: [ExprToken] = []
  /// The most recently consumed token.
  private var previous: ExprToken?
  private var depth = 0

  private init(lexer: ExprLexer, limits: Limits) {
    self.lexer = lexer
    self.limits = limits
  }

  // MARK: Tokens

  private mutating func peek(_ offset: Int = 0) throws(ExprParseError) -> ExprToken {
    while lookahead.count <= offset { lookahead.append(try lexer.next()) }
    return lookahead[offset]
  }

  /// Consumes the token last returned by `peek()`.
  @discardableResult
  private mutating func advance() -> ExprToken {
    let token = lookahead.removeFirst()
    previous = token
    return token
  }

  private func isSymbol(_ token: ExprToken, _ symbol: ExprSymbol) -> Bool { token.kind == .symbol(symbol) }
  private func isKeyword(_ token: ExprToken, _ keyword: ExprKeyword) -> Bool { token.kind == .keyword(keyword) }

  /// The source text of a token, quoted for a message.
  private func quoted(_ token: ExprToken) -> String {
    ExprText.quoted(String(String.UnicodeScalarView(lexer.scalars[token.range])))
  }

  private func unexpected(_ token: ExprToken, help: String? = nil) -> ExprParseError {
    ExprParseError(message: "unexpected \(quoted(token))", range: token.range, help: help)
  }

  /// An error about `token`; at the end of input it points at the last real token instead.
  private func error(_ message: String, at token: ExprToken, help: String? = nil) -> ExprParseError {
    let range = token.kind == .end ? (previous?.range ?? token.range) : token.range
    return ExprParseError(message: message, range: range, help: help)
  }

  private func neverClosed(_ open: ExprToken) -> ExprParseError {
    let close = isSymbol(open, .leftBracket) ? "]" : ")"
    return ExprParseError(message: "\(quoted(open)) is never closed", range: open.range, help: "add a matching `\(close)`")
  }

  /// Enters one level of nesting at `token`, failing beyond `limits.maxDepth`.
  private mutating func enter(_ token: ExprToken) throws(ExprParseError) {
    depth += 1
    guard depth <= limits.maxDepth else {
      throw ExprParseError(
        message: "expression is nested more than \(limits.maxDepth) levels deep", range: token.range,
        help: "split it into definitions")
    }
  }

  private func make(_ kind: Syntax.Expr.Kind, _ lower: Int, _ upper: Int) -> Syntax.Expr {
    Syntax.Expr(kind: kind, range: lower..<upper)
  }

  // MARK: Operators

  /// expression := `if` expression `then` expression `else` expression | coalesce
  private mutating func parseExpression() throws(ExprParseError) -> Syntax.Expr {
    let first = try peek()
    guard isKeyword(first, .if) else { return try parseCoalesce() }
    advance()
    try enter(first)
    defer { depth -= 1 }
    let condition = try parseExpression()
    guard isKeyword(try peek(), .then) else {
      throw error("expected `then` after the condition of `if`", at: try peek())
    }
    advance()
    let then = try parseExpression()
    guard isKeyword(try peek(), .else) else {
      throw error(
        "expected `else` after the `then` branch of `if`", at: try peek(),
        help: "an `if` needs both `then` and `else`")
    }
    advance()
    let otherwise = try parseExpression()
    return make(.conditional(condition, then, otherwise), first.range.lowerBound, otherwise.range.upperBound)
  }

  /// coalesce := or (`??` or)*, grouped to the right.
  private mutating func parseCoalesce() throws(ExprParseError) -> Syntax.Expr {
    var operands = [try parseOr()]
    while isSymbol(try peek(), .coalesce) {
      advance()
      operands.append(try parseOr())
    }
    var result = operands.removeLast()
    while let left = operands.popLast() {
      result = make(.binary(.coalesce, left, result), left.range.lowerBound, result.range.upperBound)
    }
    return result
  }

  /// Parses `operand (op operand)*`, grouping to the left; `op` maps a token to its operator.
  private mutating func parseLeftAssociative(
    _ op: (ExprToken) -> Syntax.BinaryOp?, operand: (inout ExprParser) throws(ExprParseError) -> Syntax.Expr
  ) throws(ExprParseError) -> Syntax.Expr {
    var left = try operand(&self)
    while let op = op(try peek()) {
      advance()
      let right = try operand(&self)
      left = make(.binary(op, left, right), left.range.lowerBound, right.range.upperBound)
    }
    return left
  }

  private mutating func parseOr() throws(ExprParseError) -> Syntax.Expr {
    try parseLeftAssociative({ $0.kind == .keyword(.or) ? .or : nil }) { (p) throws(ExprParseError) in try p.parseAnd() }
  }

  private mutating func parseAnd() throws(ExprParseError) -> Syntax.Expr {
    try parseLeftAssociative({ $0.kind == .keyword(.and) ? .and : nil }) { (p) throws(ExprParseError) in try p.parseNot() }
  }

  private mutating func parseNot() throws(ExprParseError) -> Syntax.Expr {
    let first = try peek()
    guard isKeyword(first, .not) else { return try parseComparison() }
    advance()
    try enter(first)
    defer { depth -= 1 }
    let operand = try parseNot()
    return make(.unary(.not, operand), first.range.lowerBound, operand.range.upperBound)
  }

  /// The comparison operator at the current position, with its range (two tokens for `not in`).
  private mutating func comparisonOperator() throws(ExprParseError) -> (Syntax.BinaryOp, Range<Int>, Int)? {
    let token = try peek()
    let op: Syntax.BinaryOp
    switch token.kind {
    case .symbol(.equal): op = .equal
    case .symbol(.notEqual): op = .notEqual
    case .symbol(.less): op = .less
    case .symbol(.lessEqual): op = .lessEqual
    case .symbol(.greater): op = .greater
    case .symbol(.greaterEqual): op = .greaterEqual
    case .keyword(.in): op = .in_
    case .keyword(.contains): op = .contains
    case .keyword(.not):
      let next = try peek(1)
      guard isKeyword(next, .in) else { return nil }
      return (.notIn, token.range.lowerBound..<next.range.upperBound, 2)
    default: return nil
    }
    return (op, token.range, 1)
  }

  private mutating func parseComparison() throws(ExprParseError) -> Syntax.Expr {
    let left = try parseAdditive()
    guard let (op, _, tokenCount) = try comparisonOperator() else { return left }
    for _ in 0..<tokenCount { advance() }
    let right = try parseAdditive()
    if let (_, range, _) = try comparisonOperator() {
      throw ExprParseError(message: "comparisons cannot be chained", range: range, help: "combine with `and`")
    }
    return make(.binary(op, left, right), left.range.lowerBound, right.range.upperBound)
  }

  private mutating func parseAdditive() throws(ExprParseError) -> Syntax.Expr {
    try parseLeftAssociative({ token in
      token.kind == .symbol(.plus) ? .add : token.kind == .symbol(.minus) ? .subtract : nil
    }) { (p) throws(ExprParseError) in try p.parseMultiplicative() }
  }

  private mutating func parseMultiplicative() throws(ExprParseError) -> Syntax.Expr {
    try parseLeftAssociative({ token in
      token.kind == .symbol(.star) ? .multiply : token.kind == .symbol(.slash) ? .divide : nil
    }) { (p) throws(ExprParseError) in try p.parseNegation() }
  }

  private mutating func parseNegation() throws(ExprParseError) -> Syntax.Expr {
    let first = try peek()
    guard isSymbol(first, .minus) else { return try parsePostfix() }
    advance()
    try enter(first)
    defer { depth -= 1 }
    let operand = try parseNegation()
    return make(.unary(.negate, operand), first.range.lowerBound, operand.range.upperBound)
  }

  // MARK: Postfix and primary expressions

  /// postfix := primary (`.` name)* — members only after a call, list or parenthesised expression.
  private mutating func parsePostfix() throws(ExprParseError) -> Syntax.Expr {
    var (expr, allowsMember) = try parsePrimary()
    while isSymbol(try peek(), .dot) {
      let dot = try peek()
      guard allowsMember else {
        let help = if case .path = expr.kind { "write dotted names without spaces, e.g. `service.registered_on`" } else {
          "wrap it in parentheses to look up a member"
        }
        throw unexpected(dot, help: help)
      }
      advance()
      let name = try peek()
      let segments: [String]
      switch name.kind {
      case .name(let names): segments = names
      case .keyword(let keyword): segments = [keyword.rawValue]  // `f(x).in` may name a field called `in`
      default: segments = []
      }
      guard !segments.isEmpty, name.range.lowerBound == dot.range.upperBound else {
        throw error("expected a name after `.`", at: name.kind == .end ? dot : name)
      }
      advance()
      var end = name.range.lowerBound - 1
      for segment in segments {
        end += 1 + segment.unicodeScalars.count
        expr = make(.member(expr, segment), expr.range.lowerBound, end)
      }
      allowsMember = true
    }
    return expr
  }

  /// A primary expression, and whether a `.member` may follow it.
  private mutating func parsePrimary() throws(ExprParseError) -> (Syntax.Expr, Bool) {
    let token = try peek()
    let literal: Syntax.Literal
    switch token.kind {
    case .number(let value): literal = .number(value)
    case .string(let value): literal = .string(value)
    case .date(let value): literal = .date(value)
    case .duration(let value): literal = .duration(value)
    case .keyword(.true): literal = .bool(true)
    case .keyword(.false): literal = .bool(false)
    case .keyword(.none): literal = .none
    case .name(let segments):
      advance()
      guard isSymbol(try peek(), .leftParen) else { return (make(.path(segments), token.range.lowerBound, token.range.upperBound), false) }
      guard segments.count == 1 else {
        throw ExprParseError(
          message: "cannot call \(quoted(token))", range: token.range,
          help: "functions are called by a single name, e.g. `min(a, b)`")
      }
      return (try parseCall(segments[0], name: token), true)
    case .symbol(.leftParen):
      advance()
      try enter(token)
      defer { depth -= 1 }
      if try peek().kind == .end { throw neverClosed(token) }
      let inner = try parseExpression()
      let close = try peek()
      if close.kind == .end { throw neverClosed(token) }
      guard isSymbol(close, .rightParen) else { throw error("expected `)`, found \(quoted(close))", at: close) }
      advance()
      return (make(inner.kind, token.range.lowerBound, close.range.upperBound), true)
    case .symbol(.leftBracket):
      advance()
      try enter(token)
      defer { depth -= 1 }
      var items: [Syntax.Expr] = []
      let close = try parseSequence(open: token, close: .rightBracket) { (parser) throws(ExprParseError) in
        items.append(try parser.parseExpression())
      }
      return (make(.list(items), token.range.lowerBound, close.range.upperBound), true)
    case .keyword(.if):
      throw ExprParseError(
        message: "`if` must be wrapped in parentheses here", range: token.range,
        help: "write `(if … then … else …)`")
    default:
      guard let previous else {
        if token.kind == .end { throw ExprParseError(message: "expected an expression", range: token.range) }
        throw unexpected(token)
      }
      let help: String? = isKeyword(token, .not) ? "wrap it in parentheses: `(not …)`" : nil
      throw error("expected an expression after \(quoted(previous))", at: token, help: help)
    }
    advance()
    return (make(.literal(literal), token.range.lowerBound, token.range.upperBound), false)
  }

  /// call := name `(` (expression `,`)* (label `:` expression `,`)* `)` — the name is already consumed.
  private mutating func parseCall(_ function: String, name: ExprToken) throws(ExprParseError) -> Syntax.Expr {
    let open = advance()
    try enter(open)
    defer { depth -= 1 }
    var arguments: [Syntax.Argument] = []
    let close = try parseSequence(open: open, close: .rightParen) { (parser) throws(ExprParseError) in
      let first = try parser.peek()
      if case .name(let segments) = first.kind, segments.count == 1, parser.isSymbol(try parser.peek(1), .colon) {
        if arguments.contains(where: { $0.label == segments[0] }) {
          throw ExprParseError(message: "duplicate argument label \(parser.quoted(first))", range: first.range)
        }
        parser.advance()
        parser.advance()
        let value = try parser.parseExpression()
        arguments.append(Syntax.Argument(label: segments[0], value: value, labelRange: first.range))
      } else {
        let value = try parser.parseExpression()
        if arguments.last?.label != nil {
          throw ExprParseError(
            message: "unlabelled argument after a labelled one", range: value.range,
            help: "put unlabelled arguments first")
        }
        arguments.append(Syntax.Argument(value: value))
      }
    }
    return make(.call(function, arguments), name.range.lowerBound, close.range.upperBound)
  }

  /// Parses comma-separated items (a trailing comma is allowed) up to `close`, which it consumes and returns.
  private mutating func parseSequence(
    open: ExprToken, close: ExprSymbol, item: (inout ExprParser) throws(ExprParseError) -> Void
  ) throws(ExprParseError) -> ExprToken {
    while true {
      var token = try peek()
      if isSymbol(token, close) { return advance() }
      if token.kind == .end { throw neverClosed(open) }
      try item(&self)
      token = try peek()
      if isSymbol(token, .comma) {
        advance()
      } else if token.kind == .end {
        throw neverClosed(open)
      } else if !isSymbol(token, close) {
        throw error("expected `,` or `\(close.rawValue)`, found \(quoted(token))", at: token)
      }
    }
  }
}
