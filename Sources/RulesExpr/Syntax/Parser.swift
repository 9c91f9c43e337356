/// Parses rule expressions into ``Syntax/Expr`` trees.
///
/// Grammar, from lowest to highest precedence:
///
/// 1. `if c then a else b` — where a whole expression is expected (top level, inside
///    parentheses, list elements, call arguments, `if` branches); elsewhere wrap it in `( )`
/// 2. `a ?? b` (right-associative)
/// 3. `or`, 4. `and` (left-associative), 5. prefix `not`
/// 6. comparisons `==` `!=` `<` `<=` `>` `>=` `in` `not in` `contains` (not chainable)
/// 7. `+` `-`, 8. `*` `/` (left-associative), 9. prefix `-`
/// 10. postfix `.name` after a call, list or parenthesised expression; calls `name(args)`
/// 11. literals, paths, `( expr )`, lists `[a, b,]`
///
/// Nesting (parentheses, lists, calls, `if`s, prefix operators) is limited to
/// ``Limits/maxDepth`` levels, and operators and prefix chains are parsed iteratively, so
/// hostile input such as ten thousand `(` fails quickly with an error instead of overflowing the stack.
package struct ExprParser {
  /// Bounds on the input, protecting the parser and later stages from pathological expressions.
  package struct Limits: Sendable {
    /// The deepest nesting of parentheses, lists, calls, `if`s and prefix operators allowed.
    package var maxDepth: Int = 100
    /// The longest source allowed, in Unicode scalars.
    package var maxLength: Int = 10_000
    /// The highest syntax tree allowed, where each operator also counts: four times `maxDepth`.
    package var maxHeight: Int { maxDepth * 4 }

    /// Creates limits; the defaults suit hand-written rules.
    package init(maxDepth: Int = 100, maxLength: Int = 10_000) {
      self.maxDepth = maxDepth
      self.maxLength = maxLength
    }
  }

  /// Parses one complete expression.
  ///
  /// - Throws: the first ``ExprParseError`` in source order; ranges are Unicode scalar offsets.
  package static func parse(_ source: String, limits: Limits = .init()) throws(ExprParseError) -> Syntax.Expr {
    let scalars = Array(source.unicodeScalars)
    guard scalars.count <= limits.maxLength else {
      throw ExprParseError(
        message: "expression is longer than \(limits.maxLength) characters",
        range: limits.maxLength..<scalars.count, help: "split it into definitions")
    }
    let parser = ExprParserState(lexer: ExprLexer(scalars), limits: limits)
    let expr = try parser.parseExpression()
    let next = try parser.peek()
    guard next.kind == .end else { throw parser.unexpected(next) }
    return expr
  }
}

/// The state of one parse and the recursive-descent functions.
///
/// A class, so the recursive functions share one `self` instead of copying the state into every
/// stack frame (which debug builds do for structs); errors are built out of line (Token.swift)
/// for the same reason. One nesting level costs under 8 KB of stack in debug builds, about
/// a tenth of that optimised, whatever operators it contains.
final class ExprParserState {
  /// The token source; also used by the error builders in Token.swift to quote source text.
  var lexer: ExprLexer
  let limits: ExprParser.Limits
  /// Tokens already lexed but not yet consumed (at most two).
  var lookahead: [ExprToken] = []
  /// The most recently consumed token.
  var previous: ExprToken?
  private var depth = 0
  /// Whether the atom just parsed may be followed by `.member` (a call, list or parenthesised expression).
  private var atomTakesMembers = false

  init(lexer: ExprLexer, limits: ExprParser.Limits) {
    self.lexer = lexer
    self.limits = limits
  }

  // MARK: Tokens

  func peek(_ offset: Int = 0) throws(ExprParseError) -> ExprToken {
    while lookahead.count <= offset { lookahead.append(try lexer.next()) }
    return lookahead[offset]
  }

  private func peekIs(_ symbol: ExprSymbol) throws(ExprParseError) -> Bool { try peek().kind == .symbol(symbol) }
  private func peekIs(_ keyword: ExprKeyword) throws(ExprParseError) -> Bool { try peek().kind == .keyword(keyword) }
  private func atEnd() throws(ExprParseError) -> Bool { try peek().kind == .end }

  /// Consumes the token last returned by `peek()`.
  @discardableResult
  private func advance() -> ExprToken {
    let token = lookahead.removeFirst()
    previous = token
    return token
  }

  /// A node; fails when the tree would be higher than `limits.maxHeight`: operator chains such as
  /// `1 + 1 + … + 1` build trees as deep as their length, and every later pass (checker,
  /// interpreter, printer, freeing) recurses over the tree. `at` is the operator's offset.
  private func make(_ kind: Syntax.Expr.Kind, _ lower: Int, _ upper: Int, at: Int? = nil) throws(ExprParseError)
    -> Syntax.Expr
  {
    let e = Syntax.Expr(kind: kind, range: lower..<upper)
    if e.height > limits.maxHeight { throw tooHigh(at.map { $0..<$0 + 1 } ?? e.range) }
    return e
  }

  /// Enters one level of nesting at `token`, failing beyond `limits.maxDepth`.
  private func enter(_ token: ExprToken) throws(ExprParseError) {
    depth += 1
    if depth > limits.maxDepth { throw tooDeep(token) }
  }

  // MARK: Operators

  /// expression := `if` expression `then` expression `else` expression | operators
  func parseExpression() throws(ExprParseError) -> Syntax.Expr {
    try peekIs(.if) ? try parseConditional() : try parseOperators()
  }

  private func parseConditional() throws(ExprParseError) -> Syntax.Expr {
    let start = advance()
    try enter(start)
    let condition = try parseExpression()
    if !(try peekIs(.then)) { throw missing(.then) }
    advance()
    let then = try parseExpression()
    if !(try peekIs(.else)) { throw missing(.else) }
    advance()
    let otherwise = try parseExpression()
    depth -= 1
    return try make(.conditional(condition, then, otherwise), start.range.lowerBound, otherwise.range.upperBound)
  }

  /// The binary operator at the current position: operator, range, token count.
  private func binaryOperator() throws(ExprParseError) -> (Syntax.BinaryOp, Range<Int>, Int)? {
    let token = try peek()
    let op: Syntax.BinaryOp
    switch token.kind {
    case .symbol(.coalesce): op = .coalesce
    case .keyword(.or): op = .or
    case .keyword(.and): op = .and
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
      guard next.kind == .keyword(.in) else { return nil }
      return (.notIn, token.range.lowerBound..<next.range.upperBound, 2)
    case .symbol(.plus): op = .add
    case .symbol(.minus): op = .subtract
    case .symbol(.star): op = .multiply
    case .symbol(.slash): op = .divide
    default: return nil
    }
    return (op, token.range, 1)
  }

  /// An operator waiting for its right operand: a binary operator, or prefix `not` when `op` is `nil`.
  private struct Pending {
    let op: Syntax.BinaryOp?
    let precedence: Int
    let start: Int
  }

  /// Operator-precedence parsing with explicit stacks: `??` (2, right-associative), `or` (3),
  /// `and` (4), prefix `not` (5), comparisons (6, not chainable), `+ -` (7), `* /` (8).
  /// Neither long chains nor mixed precedences deepen the native stack.
  private func parseOperators() throws(ExprParseError) -> Syntax.Expr {
    var operands: [Syntax.Expr] = []
    var pending: [Pending] = []
    var notAllowed = true  // `not` may start an operand of `??`, `or`, `and` and `not`, like `a and not b`
    while true {
      while notAllowed, try peekIs(.not) {
        let token = advance()
        try enter(token)
        pending.append(Pending(op: nil, precedence: 5, start: token.range.lowerBound))
      }
      operands.append(try parseOperand())
      guard let (op, range, tokenCount) = try binaryOperator() else { break }
      let precedence = op.precedence
      while let top = pending.last,
        top.precedence > precedence || (top.precedence == precedence && precedence != 2 && precedence != 6)
      {
        try reduce(&operands, &pending)
      }
      if precedence == 6, pending.last?.precedence == 6 { throw chainedComparison(range) }
      for _ in 0..<tokenCount { advance() }
      pending.append(Pending(op: op, precedence: precedence, start: range.lowerBound))
      notAllowed = precedence < 5
    }
    while !pending.isEmpty { try reduce(&operands, &pending) }
    return operands[0]
  }

  /// Applies the topmost pending operator to the topmost operand(s).
  private func reduce(_ operands: inout [Syntax.Expr], _ pending: inout [Pending]) throws(ExprParseError) {
    let top = pending.removeLast()
    let right = operands.removeLast()
    guard let op = top.op else {
      depth -= 1
      operands.append(try make(.unary(.not, right), top.start, right.range.upperBound, at: top.start))
      return
    }
    let left = operands.removeLast()
    operands.append(try make(.binary(op, left, right), left.range.lowerBound, right.range.upperBound, at: top.start))
  }

  /// operand := `-`* atom (`.` name)* — the `-` prefixes are counted, not recursed into.
  private func parseOperand() throws(ExprParseError) -> Syntax.Expr {
    var minuses: [Int] = []
    while try peekIs(.minus) {
      let token = advance()
      try enter(token)
      minuses.append(token.range.lowerBound)
    }
    var expr = try parseAtom()
    if try peekIs(.dot) { expr = try parseMembers(of: expr) }
    let end = expr.range.upperBound
    for start in minuses.reversed() { expr = try make(.unary(.negate, expr), start, end, at: start) }
    depth -= minuses.count
    return expr
  }

  // MARK: Atoms

  /// atom := literal | path | call | `(` expression `)` | `[` expressions `]`
  private func parseAtom() throws(ExprParseError) -> Syntax.Expr {
    let token = try peek()
    atomTakesMembers = false
    switch token.kind {
    case .symbol(.leftParen): return try parseGroup()
    case .symbol(.leftBracket): return try parseList()
    case .name(let segments):
      advance()
      if try peekIs(.leftParen) { return try parseCall(segments, name: token) }
      return try make(.path(segments), token.range.lowerBound, token.range.upperBound)
    default:
      guard let literal = Self.literal(token) else { throw notAnExpression(token) }
      advance()
      return try make(.literal(literal), token.range.lowerBound, token.range.upperBound)
    }
  }

  private static func literal(_ token: ExprToken) -> Syntax.Literal? {
    switch token.kind {
    case .number(let value): .number(value)
    case .string(let value): .string(value)
    case .date(let value): .date(value)
    case .duration(let value): .duration(value)
    case .keyword(.true): .bool(true)
    case .keyword(.false): .bool(false)
    case .keyword(.none): Syntax.Literal.none
    default: nil
    }
  }

  private func parseGroup() throws(ExprParseError) -> Syntax.Expr {
    let open = advance()
    try enter(open)
    if try atEnd() { throw neverClosed(open) }
    let inner = try parseExpression()
    if !(try peekIs(.rightParen)) { throw unclosed(open, expecting: "`)`") }
    let close = advance()
    depth -= 1
    atomTakesMembers = true
    return try make(inner.kind, open.range.lowerBound, close.range.upperBound)
  }

  private func parseList() throws(ExprParseError) -> Syntax.Expr {
    let open = advance()
    try enter(open)
    var items: [Syntax.Expr] = []
    while !(try peekIs(.rightBracket)) {
      if try atEnd() { throw neverClosed(open) }
      items.append(try parseExpression())
      if try peekIs(.comma) {
        advance()
      } else if !(try peekIs(.rightBracket)) {
        throw unclosed(open, expecting: "`,` or `]`")
      }
    }
    let close = advance()
    depth -= 1
    atomTakesMembers = true
    return try make(.list(items), open.range.lowerBound, close.range.upperBound)
  }

  /// call := name `(` (expression `,`)* (label `:` expression `,`)* `)` — the name is already consumed.
  private func parseCall(_ segments: [String], name: ExprToken) throws(ExprParseError) -> Syntax.Expr {
    if segments.count > 1 { throw dottedCall(name) }
    let open = advance()
    try enter(open)
    var arguments: [Syntax.Argument] = []
    while !(try peekIs(.rightParen)) {
      if try atEnd() { throw neverClosed(open) }
      let label = try parseLabel(after: arguments)
      let value = try parseExpression()
      if label == nil, arguments.last?.label != nil { throw positionalAfterLabel(value) }
      arguments.append(Syntax.Argument(label: label?.name, value: value, labelRange: label?.range))
      if try peekIs(.comma) {
        advance()
      } else if !(try peekIs(.rightParen)) {
        throw unclosed(open, expecting: "`,` or `)`")
      }
    }
    let close = advance()
    depth -= 1
    atomTakesMembers = true
    return try make(.call(segments[0], arguments), name.range.lowerBound, close.range.upperBound)
  }

  /// Consumes `label:` if the next argument has one.
  private func parseLabel(
    after arguments: [Syntax.Argument]
  ) throws(ExprParseError) -> (name: String, range: Range<Int>)? {
    let token = try peek()
    guard case .name(let segments) = token.kind, segments.count == 1, try peek(1).kind == .symbol(.colon) else {
      return nil
    }
    if arguments.contains(where: { $0.label == segments[0] }) { throw duplicateLabel(token) }
    advance()
    advance()
    return (segments[0], token.range)
  }

  /// members := (`.` name)* — only after a call, list or parenthesised expression.
  private func parseMembers(of base: Syntax.Expr) throws(ExprParseError) -> Syntax.Expr {
    var expr = base
    while try peekIs(.dot) {
      let dot = try peek()
      if !atomTakesMembers { throw misplacedDot(dot, after: expr) }
      advance()
      let name = try peek()
      var segments: [String] = []
      if case .name(let names) = name.kind { segments = names }
      if case .keyword(let keyword) = name.kind { segments = [keyword.rawValue] }  // a field may be called `in`
      guard !segments.isEmpty, name.range.lowerBound == dot.range.upperBound else {
        throw error("expected a name after `.`", at: name.kind == .end ? dot : name)
      }
      advance()
      var end = name.range.lowerBound - 1
      for segment in segments {
        end += 1 + segment.unicodeScalars.count
        expr = try make(.member(expr, segment), expr.range.lowerBound, end)
      }
    }
    return expr
  }
}
