import RulesExpr
import RulesModel

/// The interpreter of `Code`: one switch per instruction, recursion for operands. Nothing here
/// calls a closure or copies a reference-counted object on the common paths (facts, constants,
/// comparisons, `and`/`or`, membership, definitions, decision fields).
extension Program {
  /// The value of expression instruction `i`.
  func run(_ code: Code, _ i: Int32, _ s: inout PlanScratch) throws(EvalFailure) -> PTri {
    let n = code.instrs[Int(i)]
    switch n.op {
    case .konst:
      return .known(code.consts[Int(n.a)])
    case .literal:
      return .known(s.convert(code.literals[Int(n.a)]))
    case .fact:
      if let v = s.fact(Int(n.a)) { return .known(v) }
      return .unknown(n.b >= 0 ? code.bits[Int(n.b)] : FactBits(Int(n.a)))
    case .asOf:
      return .known(.date(s.asOf))
    case .definition:
      return try definition(Int(n.a), &s)
    case .field:
      return try field(OpCodes.field(n.flag), of: Int(n.a), &s)
    case .list:
      var out: [PV] = []
      out.reserveCapacity(Int(n.b))
      var missing = FactBits()
      var unknown = false  // not `missing.isEmpty`: an unknown may name no fact
      for k in Int(n.a)..<Int(n.a + n.b) {
        switch try run(code, code.pool[k], &s) {
        case .known(let v): out.append(v)
        case .unknown(let m):
          unknown = true
          missing.formUnion(m)
        }
      }
      return unknown ? .unknown(missing) : .known(.list(out))
    case .not:
      switch try run(code, n.a, &s) {
      case .known(let v):
        if case .bool(let b) = v { return .known(.bool(!b)) }
        return .true
      case let u: return u
      }
    case .negate:
      switch try run(code, n.a, &s) {
      case .known(.number(let x)): return .known(.number(-x))
      case .known: throw Interpreter.typeFailure(code.exprs[Int(n.c)])
      case let u: return u
      }
    case .and, .or:
      // Settled by the first operand equal to `stop` (false for `and`, true for `or`); otherwise
      // unknown if any operand is, with the facts of every unknown operand read so far.
      let stop = n.op == .or
      var missing = FactBits()
      var unknown = false
      for k in Int(n.a)..<Int(n.a + n.b) {
        switch try run(code, code.pool[k], &s) {
        case .known(.bool(let b)) where b == stop: return .known(.bool(stop))
        case .unknown(let m):
          missing.formUnion(m)
          unknown = true
        default: break
        }
      }
      return unknown ? .unknown(missing) : .known(.bool(!stop))
    case .eqSym:
      switch try run(code, n.a, &s) {
      case .known(let v):
        if case .sym(let id) = v { return .known(.bool((id == n.b) == (n.flag != 0))) }
        return .known(.bool(n.flag == 0))
      case let u: return u
      }
    case .eqConst:
      switch try run(code, n.a, &s) {
      case .known(let v): return .known(.bool((v == code.consts[Int(n.b)]) == (n.flag != 0)))
      case let u: return u
      }
    case .compare:
      let l = try run(code, n.a, &s), r = try run(code, n.b, &s)
      guard case .known(let u) = l, case .known(let v) = r else { return unknowns(l, r) }
      let op = OpCodes.compare(n.flag)
      let c: Int
      switch (op, u, v) {
      case (.eq, _, _): return .known(.bool(u == v))
      case (.ne, _, _): return .known(.bool(u != v))
      case (_, .date(let p), .date(let q)): c = p < q ? -1 : p > q ? 1 : 0
      case (_, .number(let p), .number(let q)): c = p < q ? -1 : p > q ? 1 : 0
      default: return .known(.bool(try Interpreter.compare(op, s.value(u), s.value(v), code.exprs[Int(n.c)])))
      }
      switch op {
      case .lt: return .known(.bool(c < 0))
      case .le: return .known(.bool(c <= 0))
      case .gt: return .known(.bool(c > 0))
      default: return .known(.bool(c >= 0))
      }
    case .arithmetic:
      let l = try run(code, n.a, &s), r = try run(code, n.b, &s)
      guard case .known(let u) = l, case .known(let v) = r else { return unknowns(l, r) }
      let op = OpCodes.arithmetic(n.flag)
      switch (op, u, v) {
      case (.add, .number(let p), .number(let q)): return .known(.number(p + q))
      case (.subtract, .number(let p), .number(let q)): return .known(.number(p - q))
      case (.multiply, .number(let p), .number(let q)): return .known(.number(p * q))
      case (.divide, .number(let p), .number(let q)) where q != 0: return .known(.number(p / q))
      default:
        let out = try Interpreter.arithmetic(op, s.value(u), s.value(v), code.exprs[Int(n.c)])
        return .known(s.convert(out))
      }
    case .memberSet:
      switch try run(code, n.a, &s) {
      case .known(let v): return .known(.bool(code.sets[Int(n.b)].contains(v) != (n.flag != 0)))
      case let u: return u
      }
    case .memberSyms:
      switch try run(code, n.a, &s) {
      case .known(.sym(let id)):
        var found = false
        for k in Int(n.b)..<Int(n.b + n.c) where code.pool[k] == id {
          found = true
          break
        }
        return .known(.bool(found != (n.flag != 0)))
      case .known: return .known(.bool(n.flag != 0))
      case let u: return u
      }
    case .memberList:
      switch try run(code, n.a, &s) {
      case .known(let v):
        guard case .list(let items) = code.consts[Int(n.b)] else { return .known(.bool(n.flag != 0)) }
        return .known(.bool(items.contains(v) != (n.flag != 0)))
      case let u: return u
      }
    case .member:
      let l = try run(code, n.a, &s), r = try run(code, n.b, &s)
      guard case .known(let v) = l, case .known(let list) = r else { return unknowns(l, r) }
      guard case .list(let items) = list else { return .false }
      return .known(.bool(items.contains(v) != (n.flag != 0)))
    case .coalesce:
      let l = try run(code, n.a, &s)
      if case .known(.none) = l { return try run(code, n.b, &s) }
      return l
    case .conditional:
      switch try run(code, n.a, &s) {
      case .known(.bool(true)): return try run(code, n.b, &s)
      case .known: return try run(code, n.c, &s)
      case .unknown(let m):
        // Both branches agreeing settles it even when the condition is unknown.
        let l = try run(code, n.b, &s), r = try run(code, n.c, &s)
        if case .known = l, l == r { return l }
        return .unknown(m)
      }
    case .column:
      switch try run(code, n.a, &s) {
      case .known(.row(let t, let i)) where i >= 0: return .known(cells[Int(t)][Int(i)][Int(n.b)])
      case .known(.none): return .known(.none)
      case .known: throw Interpreter.typeFailure(code.exprs[Int(n.c)])
      case let u: return u
      }
    case .known:
      return .known(.bool(s.isGiven(Int(n.a))))
    case .lookup:
      switch try run(code, n.b, &s) {
      case .known(.sym(let id)):
        let row: Int
        if Int(id) < code.textCount {
          row = Int(code.lookupRows[Int(n.a) * code.textCount + Int(id)])
        } else {
          row = code.tables[Int(n.a)].lookup(s.text(id)) ?? -1
        }
        return .known(row < 0 ? .none : .row(table: n.a, index: Int32(row)))
      case .known: return .known(.none)
      case let u: return u
      }
    case .call:
      var values: [Value] = []
      values.reserveCapacity(Int(n.b))
      var missing = FactBits()
      var unknown = false  // any unknown argument makes the call unknown
      for k in Int(n.a)..<Int(n.a + n.b) {
        switch try run(code, code.pool[k], &s) {
        case .known(let v): values.append(s.value(v))
        case .unknown(let m):
          unknown = true
          missing.formUnion(m)
        }
      }
      if unknown { return .unknown(missing) }
      return .known(s.convert(try Builtins.apply(code.builtins[Int(n.flag)], values, code.exprs[Int(n.c)])))
    case .fail:
      throw Interpreter.typeFailure(code.exprs[Int(n.c)])
    case .cExpr, .cAll, .cAny, .cNot:
      preconditionFailure("a condition run as an expression")
    }
  }

  /// The value of condition instruction `i`, with the id of the condition that decided it.
  func cond(_ code: Code, _ i: Int32, _ s: inout PlanScratch) throws(EvalFailure) -> CondOut {
    let n = code.instrs[Int(i)]
    switch n.op {
    case .cExpr:
      do throws(EvalFailure) { return CondOut(tri: try run(code, n.a, &s), by: n.b) } catch {
        throw error.at(code.sites[Int(n.c)])
      }
    case .cAll, .cAny:
      // As `and`/`or`, and the first unknown part's condition decides an unknown result.
      let stop = n.op == .cAny
      var missing = FactBits()
      var firstUnknown: Int32 = -1
      for k in Int(n.a)..<Int(n.a + n.b) {
        let r = try cond(code, code.pool[k], &s)
        switch r.tri {
        case .known(.bool(let b)) where b == stop: return r
        case .unknown(let m):
          missing.formUnion(m)
          if firstUnknown < 0 { firstUnknown = r.by }
        default: break
        }
      }
      // Every unknown part names the condition that left it open (`cExpr` always does), so
      // `firstUnknown < 0` means no part was unknown.
      return firstUnknown < 0 ? CondOut(tri: .known(.bool(!stop)), by: -1) : CondOut(tri: .unknown(missing), by: firstUnknown)
    case .cNot:
      let r = try cond(code, n.a, &s)
      if case .known(.bool(let b)) = r.tri { return CondOut(tri: .known(.bool(!b)), by: r.by) }
      return r
    default:
      preconditionFailure("an expression run as a condition")
    }
  }
}
