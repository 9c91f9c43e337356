// libFuzzer target: the expression language — lexer, parser (with its limits), printer,
// type checker and interpreter. Names resolve by their first letter to a fixed set of typed
// symbols (see `Scope`), so checked expressions reach the interpreter.
import FuzzSupport
import FuzzShim
import RulesSource
import RulesExpr

final class Scope: CheckScope {
  static let types: [Character: ExprType] = [
    "b": .bool, "n": .number, "d": .date, "s": .string, "o": ExprType.date.optional,
    "l": .list(.string), "e": .enumeration(name: "e", values: ["x", "y"]), "u": .duration,
    "m": ExprType.number.optional,
  ]
  static let order: [Character] = ["b", "n", "d", "s", "o", "l", "e", "u", "m"]

  func resolve(_ path: [String], range: Range<Int>) -> Result<(Symbol, ExprType), ExprIssueBox> {
    let full = path.joined(separator: ".")
    if full == "as_of" { return .success((.asOf, .date)) }
    if full == "t" { return .success((.table(0), .row(table: 0, name: "t"))) }
    if full.hasPrefix("q") { return .success((.fact(99), .bool)) }  // an unknown (absent) fact
    guard let c = full.first, let t = Self.types[c], let i = Self.order.firstIndex(of: c) else {
      return .failure(ExprIssueBox(ExprIssue(.unknownName, "unknown name `\(full)`", range)))
    }
    return .success((.fact(i), t))
  }

  func columns(ofTable table: Int) -> [(name: String, type: ExprType)] {
    [("k", ExprType.string.optional), ("v", ExprType.number.optional)]
  }
}

struct Source: SymbolSource {
  mutating func value(of symbol: Symbol) throws(EvalFailure) -> Tri {
    switch symbol {
    case .asOf: return .known(.date(CalendarDate(year: 2024, month: 2, day: 29)!))
    case .table: return .known(.row(table: 0, index: 0))
    case .fact(let i):
      switch i {
      case 0: return .known(.bool(true))
      case 1: return .known(.number(3))
      case 2: return .known(.date(CalendarDate(year: 2021, month: 1, day: 31)!))
      case 3: return .known(.string("x"))
      case 4: return .known(.none)
      case 5: return .known(.list([.string("x"), .string("y")]))
      case 6: return .known(.string("y"))
      case 7: return .known(.duration(DateDuration(years: 1, months: 1)))
      case 8: return .known(.number(-0.5))
      default: return .unknown(FactSet(i))
      }
    default: return .unknown(FactSet())
    }
  }
  func isGiven(fact index: Int) -> Bool { index < 9 }
  func lookup(table: Int, key: String) -> Int? { key == "x" ? 0 : nil }
  func cell(table: Int, row: Int, column: Int) -> Value { column == 0 ? .string("x") : .number(1) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExpr(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // On a large stack, as the CLI runs (LargeStack): the limits allow more nesting than 8 MiB holds.
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  LargeStack.run { fuzzExprBody(bytes) }
  return 0
}

func fuzzExprBody(_ bytes: [UInt8]) {
  let text = String(decoding: bytes, as: UTF8.self)
  guard let syntax = try? ExprParser.parse(text) else { return }
  let printed = "\(syntax)"
  _ = try? ExprParser.parse(printed, limits: .init(maxDepth: 1_000, maxLength: 1_000_000))
  let scope = Scope()
  for condition in [false, true] {
    var checker = Checker(scope: scope)
    guard let typed = condition ? checker.checkCondition(syntax) : checker.check(syntax) else { continue }
    if checker.issues.contains(where: { !$0.isWarning }) { continue }
    var source = Source()
    _ = try? Interpreter.evaluate(typed, &source)
  }
}

#if !FUZZING
@main enum FuzzExprReplay {
  static func main() { FuzzReplay.run(fuzzExpr) }
}
#endif
