/// The built-in functions at run time. Types were checked at load time.
/// Every evaluator calls these (`apply` for values already computed), so a function is written once.
package enum Builtins {
  static func call<S: SymbolSource>(_ fn: Builtin, _ args: [TypedExpr], _ e: TypedExpr, _ s: inout S) throws(EvalFailure)
    -> Tri
  {
    switch fn {
    case .known:
      guard case .symbol(.fact(let i)) = args[0].kind else { throw Interpreter.typeFailure(e) }
      return .known(.bool(s.isGiven(fact: i)))
    case .lookup:
      guard case .symbol(.table(let t)) = args[0].kind else { throw Interpreter.typeFailure(e) }
      return try Interpreter.map(Interpreter.evaluate(args[1], &s)) { v in
        guard case .string(let key) = v else { return .none }
        return s.lookup(table: t, key: key).map { .row(table: t, index: $0) } ?? .none
      }
    default: break
    }
    var values: [Value] = []
    values.reserveCapacity(args.count)
    var missing = FactSet()
    // Any unknown argument makes the call unknown, even one that names no fact (`as_of` or a
    // decision while constants are folded): `apply` reads every argument.
    var unknown = false
    for a in args {
      switch try Interpreter.evaluate(a, &s) {
      case .known(let v): values.append(v)
      case .unknown(let m):
        unknown = true
        missing = missing.union(m)
      }
    }
    if unknown { return .unknown(missing) }
    return .known(try apply(fn, values, e))
  }

  package static func apply(_ fn: Builtin, _ v: [Value], _ e: TypedExpr) throws(EvalFailure) -> Value {
    switch (fn, v.first) {
    case (.min, .list(let xs)?), (.max, .list(let xs)?):
      // `min(list)`: the checker allows a list only as the single argument.
      guard !xs.isEmpty else {
        throw EvalFailure("`\(fn.rawValue)` of an empty list has no value", help: "test `count(…) > 0` first",
                          range: e.range)
      }
      return try extreme(fn, xs, e)
    case (.min, _?), (.max, _?):
      return try extreme(fn, v, e)
    case (.intersects, .list(let xs)?), (.anyIn, .list(let xs)?):
      guard v.count > 1, case .list(let ys) = v[1] else { throw Interpreter.typeFailure(e) }
      let small = Set(ys.count < xs.count ? ys : xs)
      return .bool((ys.count < xs.count ? xs : ys).contains { small.contains($0) })
    case (.count, .list(let xs)?): return .number(Double(xs.count))
    case (.fiscalYearEnd, .date(let d)?): return .date(LegalPeriod.fiscalYearEnd(d))
    case (.fiscalYearStart, .date(let d)?): return .date(LegalPeriod.fiscalYearStart(d))
    case (.daysBetween, .date(let a)?):
      guard v.count > 1, case .date(let b) = v[1] else { throw Interpreter.typeFailure(e) }
      return .number(Double(a.days(until: b)))
    case (.periodEnd, .date(let d)?):
      guard v.count > 1, case .duration(let p) = v[1] else { throw Interpreter.typeFailure(e) }
      let option = v.count > 2 ? v[2].description : FirstDay.included.rawValue
      guard let first = FirstDay(rawValue: option) else {
        throw EvalFailure("`first_day:` is `\(option)`", help: "write `included` or `excluded`", range: e.range)
      }
      do { return .date(try LegalPeriod.end(start: d, length: p, firstDay: first)) } catch {
        throw EvalFailure(error.message, range: e.range)
      }
    case (.add, .date(let d)?):
      guard v.count > 1, case .duration(let p) = v[1] else { throw Interpreter.typeFailure(e) }
      let option = v.count > 2 ? v[2].description : MonthRounding.none.rawValue
      guard let rounding = MonthRounding(rawValue: option) else {
        throw EvalFailure("`round:` is `\(option)`", help: "write `none`, `down` or `up`", range: e.range)
      }
      do { return .date(try d.adding(p, rounding: rounding)) } catch {
        throw EvalFailure(error.message, range: e.range)
      }
    default:
      throw Interpreter.typeFailure(e)
    }
  }

  /// The least (`min`) or greatest (`max`) of values of one comparable type.
  private static func extreme(_ fn: Builtin, _ v: [Value], _ e: TypedExpr) throws(EvalFailure) -> Value {
    var best = v[0]
    for x in v.dropFirst() {
      let less = try Interpreter.compare(.lt, x, best, e)
      if less == (fn == .min) && x != best { best = x }
    }
    return best
  }
}
