import RulesExpr
import RulesModel
import RulesSource

extension PlanCompiler {
  /// Lowers one checked expression. Sub-expressions that read only literals and constants are
  /// folded (by the interpreter itself, so folding cannot change a value); `and`/`or` chains
  /// become one n-ary node; `x in [constants]` tests a precomputed set.
  func expr(_ e: TypedExpr) -> PNode {
    switch e.kind {
    case .literal(let v):
      if let p = constantIfInterned(v) { return .const(p) }
      return .dyn { s in .known(s.convert(v)) }
    case .symbol(let sym): return symbol(sym)
    case .list(let items):
      let parts = items.map { expr($0) }
      if let folded = fold(e, parts) { return folded }
      let fs = parts.map { ExprFn(closure($0)) }
      return .dyn { s throws(EvalFailure) in
        var out: [PV] = []
        out.reserveCapacity(fs.count)
        var missing = FactBits()
        var unknown = false  // not `missing.isEmpty`: an unknown may name no fact
        for i in fs.indices {
          switch try fs[i].run(&s) {
          case .known(let v): out.append(v)
          case .unknown(let m):
            unknown = true
            missing.formUnion(m)
          }
        }
        return unknown ? .unknown(missing) : .known(.list(out))
      }
    case .not(let x):
      let a = expr(x)
      if let folded = fold(e, [a]) { return folded }
      let f = closure(a)
      return .dyn { s throws(EvalFailure) in
        switch try f(&s) {
        case .known(let v):
          if case .bool(let b) = v { return .known(.bool(!b)) }
          return .true
        case let u: return u
        }
      }
    case .negate(let x):
      let a = expr(x)
      if let folded = fold(e, [a]) { return folded }
      let f = closure(a)
      return .dyn { s throws(EvalFailure) in
        switch try f(&s) {
        case .known(.number(let n)): return .known(.number(-n))
        case .known: throw Interpreter.typeFailure(e)
        case let u: return u
        }
      }
    case .and, .or:
      let isAnd = if case .and = e.kind { true } else { false }
      let operands = flatten(e, and: isAnd).map { expr($0) }
      if let folded = fold(e, operands) { return folded }
      return isAnd ? and(operands.map { ExprFn(closure($0)) }) : or(operands.map { ExprFn(closure($0)) })
    case .compare(let op, let a, let b):
      let x = expr(a), y = expr(b)
      if let folded = fold(e, [x, y]) { return folded }
      return compare(op, x, y, e)
    case .arithmetic(let op, let a, let b):
      let x = expr(a), y = expr(b)
      if let folded = fold(e, [x, y]) { return folded }
      let f = closure(x), g = closure(y)
      return .dyn { s throws(EvalFailure) in
        let l = try f(&s), r = try g(&s)
        guard case .known(let u) = l, case .known(let v) = r else { return unknowns(l, r) }
        switch (op, u, v) {
        case (.add, .number(let p), .number(let q)): return .known(.number(p + q))
        case (.subtract, .number(let p), .number(let q)): return .known(.number(p - q))
        case (.multiply, .number(let p), .number(let q)): return .known(.number(p * q))
        case (.divide, .number(let p), .number(let q)) where q != 0: return .known(.number(p / q))
        default:
          let out = try Interpreter.arithmetic(op, s.value(u), s.value(v), e)
          return .known(s.convert(out))
        }
      }
    case .member(let x, let list, let negated):
      let a = expr(x), b = expr(list)
      if let folded = fold(e, [a, b]) { return folded }
      return member(a, b, negated: negated)
    case .coalesce(let a, let b):
      let x = expr(a), y = expr(b)
      if let folded = fold(e, [x, y]) { return folded }
      let f = closure(x), g = closure(y)
      return .dyn { s throws(EvalFailure) in
        let l = try f(&s)
        if case .known(.none) = l { return try g(&s) }
        return l
      }
    case .conditional(let c, let a, let b):
      let z = expr(c), x = expr(a), y = expr(b)
      if let folded = fold(e, [z, x, y]) { return folded }
      let h = closure(z), f = closure(x), g = closure(y)
      return .dyn { s throws(EvalFailure) in
        switch try h(&s) {
        case .known(.bool(true)): return try f(&s)
        case .known: return try g(&s)
        case .unknown(let m):
          // Both branches agreeing settles it even when the condition is unknown.
          let l = try f(&s), r = try g(&s)
          if case .known = l, l == r { return l }
          return .unknown(m)
        }
      }
    case .call(let fn, let args):
      return call(fn, args, e)
    case .column(let rowExpr, let column):
      let f = closure(expr(rowExpr))
      return .dyn { s throws(EvalFailure) in
        switch try f(&s) {
        case .known(.row(let t, let i)) where i >= 0: return .known(s.program.cells[Int(t)][Int(i)][column])
        case .known(.none): return .known(.none)
        case .known: throw Interpreter.typeFailure(e)
        case let u: return u
        }
      }
    }
  }

  private func symbol(_ sym: Symbol) -> PNode {
    switch sym {
    case .fact(let i):
      let bits = FactBits(i)
      return .dyn { s in
        if let v = s.fact(i) { return .known(v) }
        return .unknown(bits)
      }
    case .constant(let i): return .const(constants[i])
    case .asOf: return .dyn { s in .known(.date(s.asOf)) }
    case .table(let t): return .const(.row(table: Int32(t), index: -1))
    case .definition(let i): return .dyn { s throws(EvalFailure) in try s.program.definition(i, &s) }
    case .decision(let d, let field): return .dyn { s throws(EvalFailure) in try s.program.field(field, of: d, &s) }
    }
  }

  /// The value of `e` when every operand is a compile-time constant and evaluating it succeeds.
  private func fold(_ e: TypedExpr, _ parts: [PNode]) -> PNode? {
    guard parts.allSatisfy({ $0.constant != nil }), let v = ConstantFolder.fold(e, in: rs),
      let p = constantIfInterned(v)
    else { return nil }
    return .const(p)
  }

  /// The operands of a chain of `and` (or of `or`).
  private func flatten(_ e: TypedExpr, and: Bool) -> [TypedExpr] {
    switch e.kind {
    case .and(let a, let b) where and: return flatten(a, and: true) + flatten(b, and: true)
    case .or(let a, let b) where !and: return flatten(a, and: false) + flatten(b, and: false)
    default: return [e]
    }
  }

  /// N-ary `and`: false at the first false operand; otherwise unknown if any operand is, with
  /// the facts of every unknown operand read so far.
  private func and(_ fs: [ExprFn]) -> PNode {
    .dyn { s throws(EvalFailure) in
      var missing = FactBits()
      var unknown = false
      for i in fs.indices {
        switch try fs[i].run(&s) {
        case .known(.bool(false)): return .false
        case .unknown(let m):
          missing.formUnion(m)
          unknown = true
        default: break
        }
      }
      return unknown ? .unknown(missing) : .true
    }
  }

  private func or(_ fs: [ExprFn]) -> PNode {
    .dyn { s throws(EvalFailure) in
      var missing = FactBits()
      var unknown = false
      for i in fs.indices {
        switch try fs[i].run(&s) {
        case .known(.bool(true)): return .true
        case .unknown(let m):
          missing.formUnion(m)
          unknown = true
        default: break
        }
      }
      return unknown ? .unknown(missing) : .false
    }
  }

  private func compare(_ op: TypedExpr.CompareOp, _ x: PNode, _ y: PNode, _ e: TypedExpr) -> PNode {
    // Equality with a constant (an enum value, a date) is the common case: one closure call.
    if op == .eq || op == .ne, let c = y.constant ?? x.constant {
      let f = closure(y.constant == nil ? y : x), eq = op == .eq
      return .dyn { s throws(EvalFailure) in
        switch try f(&s) {
        case .known(let v): return .known(.bool((v == c) == eq))
        case let u: return u
        }
      }
    }
    let f = closure(x), g = closure(y)
    return .dyn { s throws(EvalFailure) in
      let l = try f(&s), r = try g(&s)
      guard case .known(let u) = l, case .known(let v) = r else { return unknowns(l, r) }
      let c: Int
      switch (op, u, v) {
      case (.eq, _, _): return .known(.bool(u == v))
      case (.ne, _, _): return .known(.bool(u != v))
      case (_, .date(let p), .date(let q)): c = p < q ? -1 : p > q ? 1 : 0
      case (_, .number(let p), .number(let q)): c = p < q ? -1 : p > q ? 1 : 0
      default: return .known(.bool(try Interpreter.compare(op, s.value(u), s.value(v), e)))
      }
      switch op {
      case .lt: return .known(.bool(c < 0))
      case .le: return .known(.bool(c <= 0))
      case .gt: return .known(.bool(c > 0))
      default: return .known(.bool(c >= 0))
      }
    }
  }

  private func member(_ a: PNode, _ b: PNode, negated: Bool) -> PNode {
    let f = closure(a)
    if case .const(.list(let items)) = b {
      if items.count > 8 {
        let set = Set(items)
        return .dyn { s throws(EvalFailure) in
          switch try f(&s) {
          case .known(let v): return .known(.bool(set.contains(v) != negated))
          case let u: return u
          }
        }
      }
      // A handful of interned texts: compare integers.
      let syms = items.compactMap { if case .sym(let id) = $0 { id } else { nil } }
      if syms.count == items.count {
        return .dyn { s throws(EvalFailure) in
          switch try f(&s) {
          case .known(.sym(let id)): return .known(.bool(syms.contains(id) != negated))
          case .known: return .known(.bool(negated))
          case let u: return u
          }
        }
      }
      return .dyn { s throws(EvalFailure) in
        switch try f(&s) {
        case .known(let v): return .known(.bool(items.contains(v) != negated))
        case let u: return u
        }
      }
    }
    let g = closure(b)
    return .dyn { s throws(EvalFailure) in
      let l = try f(&s), r = try g(&s)
      guard case .known(let v) = l, case .known(let list) = r else { return unknowns(l, r) }
      guard case .list(let items) = list else { return .false }
      return .known(.bool(items.contains(v) != negated))
    }
  }

  private func call(_ fn: Builtin, _ args: [TypedExpr], _ e: TypedExpr) -> PNode {
    switch fn {
    case .known:
      guard case .symbol(.fact(let i)) = args[0].kind else {
        return .dyn { _ throws(EvalFailure) in throw Interpreter.typeFailure(e) }
      }
      return .dyn { s in .known(.bool(s.isGiven(i))) }
    case .lookup:
      guard case .symbol(.table(let t)) = args[0].kind else {
        return .dyn { _ throws(EvalFailure) in throw Interpreter.typeFailure(e) }
      }
      let f = closure(expr(args[1])), table = rs.tables[t]
      return .dyn { s throws(EvalFailure) in
        switch try f(&s) {
        case .known(.sym(let id)):
          guard let row = table.lookup(s.text(id)) else { return .known(.none) }
          return .known(.row(table: Int32(t), index: Int32(row)))
        case .known: return .known(.none)
        case let u: return u
        }
      }
    default:
      // Every other builtin runs the shared implementation, so the two evaluators agree on it.
      let fs = args.map { ExprFn(closure(expr($0))) }
      return .dyn { s throws(EvalFailure) in
        var values: [Value] = []
        values.reserveCapacity(fs.count)
        var missing = FactBits()
        var unknown = false  // any unknown argument makes the call unknown
        for i in fs.indices {
          switch try fs[i].run(&s) {
          case .known(let v): values.append(s.value(v))
          case .unknown(let m):
            unknown = true
            missing.formUnion(m)
          }
        }
        if unknown { return .unknown(missing) }
        return .known(s.convert(try Builtins.apply(fn, values, e)))
      }
    }
  }
}

/// Two operands of which at least one is unknown: unknown with both sides' facts.
@inline(__always)
func unknowns(_ a: PTri, _ b: PTri) -> PTri {
  switch (a, b) {
  case (.unknown(let m), .unknown(let n)): return .unknown(m.union(n))
  case (.unknown(let m), _), (_, .unknown(let m)): return .unknown(m)
  default: preconditionFailure("both operands known")
  }
}
