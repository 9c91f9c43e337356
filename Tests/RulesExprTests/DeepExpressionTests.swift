import RulesSource
import Testing
@testable import RulesExpr

/// Operator chains build trees as deep as they are long; the parser bounds their height
/// (`Limits.maxHeight`), and what it accepts must check and evaluate without exhausting the stack.
/// Regression for a FuzzExpr find: 377 chained `+` overflowed an 8 MiB stack in an ASan build.
@Suite struct DeepExpressionTests {
  final class NoNames: CheckScope {
    func resolve(_ path: [String], range: Range<Int>) -> Result<(Symbol, ExprType), ExprIssueBox> {
      .failure(ExprIssueBox(ExprIssue(.unknownName, "no names here", range)))
    }
    func columns(ofTable table: Int) -> [(name: String, type: ExprType)] { [] }
  }

  struct NoSymbols: SymbolSource {
    mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri { .unknown(FactSet()) }
    func isGiven(fact index: Int) -> Bool { false }
    func lookup(table: Int, key: String) -> Int? { nil }
    func cell(table: Int, row: Int, column: Int) -> Value { .none }
  }

  static func chain(_ n: Int) -> String { Array(repeating: "1", count: n).joined(separator: " + ") + " > 0" }

  @Test func theHighestAcceptedChainChecksAndEvaluates() throws {
    let limits = ExprParser.Limits()
    let syntax = try ExprParser.parse(Self.chain(limits.maxHeight - 1))  // `>` adds the last level
    #expect(syntax.height == limits.maxHeight)
    var result: Tri?
    LargeStack.run {
      var checker = Checker(scope: NoNames())
      guard let typed = checker.checkCondition(syntax) else { return }
      var source = NoSymbols()
      result = try? Interpreter.evaluate(typed, &source)
    }
    #expect(result == .known(.bool(true)))
  }

  @Test func aLongerChainIsRefusedAtTheOperatorPastTheLimit() {
    let limits = ExprParser.Limits()
    #expect(throws: ExprParseError.self) { try ExprParser.parse(Self.chain(limits.maxHeight + 1)) }
    do {
      _ = try ExprParser.parse(Self.chain(limits.maxHeight + 1))
    } catch {
      #expect(error.message == "expression has operators nested more than \(limits.maxHeight) levels deep")
      #expect(error.range == 4 * limits.maxHeight - 2..<4 * limits.maxHeight - 1)
    }
  }
}
