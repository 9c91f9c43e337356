import RulesExpr
import RulesModel
import RulesSource

/// A compiled expression: a value known when the program is built, or an instruction.
enum PNode {
  case const(PV)
  case code(Int32)

  var constant: PV? {
    if case .const(let v) = self { return v }
    return nil
  }
}

extension PlanCompiler {
  /// Lowers one checked expression. Sub-expressions that read only literals and constants are
  /// folded (by the interpreter itself, so folding cannot change a value); `and`/`or` chains
  /// become one n-ary instruction; `x == constant` and `x in [constants]` compare interned ids.
  mutating func expr(_ e: TypedExpr) -> PNode {
    switch e.kind {
    case .literal(let v):
      if let p = constantIfInterned(v) { return .const(p) }
      code.literals.append(v)
      return .code(code.emit(Instr(op: .literal, a: Int32(code.literals.count - 1))))
    case .symbol(let sym): return symbol(sym)
    case .list(let items):
      let parts = items.map { expr($0) }
      if let folded = fold(e, parts) { return folded }
      let start = code.pooled(parts.map { operand($0) })
      return .code(code.emit(Instr(op: .list, a: start, b: Int32(parts.count))))
    case .not(let x):
      let a = expr(x)
      if let folded = fold(e, [a]) { return folded }
      return .code(code.emit(Instr(op: .not, a: operand(a))))
    case .negate(let x):
      let a = expr(x)
      if let folded = fold(e, [a]) { return folded }
      return .code(code.emit(Instr(op: .negate, a: operand(a), c: code.expr(e))))
    case .and, .or:
      let isAnd = if case .and = e.kind { true } else { false }
      let operands = flatten(e, and: isAnd).map { expr($0) }
      if let folded = fold(e, operands) { return folded }
      let start = code.pooled(operands.map { operand($0) })
      return .code(code.emit(Instr(op: isAnd ? .and : .or, a: start, b: Int32(operands.count))))
    case .compare(let op, let a, let b):
      let x = expr(a), y = expr(b)
      if let folded = fold(e, [x, y]) { return folded }
      return compare(op, x, y, e)
    case .arithmetic(let op, let a, let b):
      let x = expr(a), y = expr(b)
      if let folded = fold(e, [x, y]) { return folded }
      let l = operand(x), r = operand(y)
      return .code(code.emit(Instr(op: .arithmetic, flag: OpCodes.arithmetic(op), a: l, b: r, c: code.expr(e))))
    case .member(let x, let list, let negated):
      let a = expr(x), b = expr(list)
      if let folded = fold(e, [a, b]) { return folded }
      return member(a, b, negated: negated)
    case .coalesce(let a, let b):
      let x = expr(a), y = expr(b)
      if let folded = fold(e, [x, y]) { return folded }
      let l = operand(x), r = operand(y)
      return .code(code.emit(Instr(op: .coalesce, a: l, b: r)))
    case .conditional(let c, let a, let b):
      let z = expr(c), x = expr(a), y = expr(b)
      if let folded = fold(e, [z, x, y]) { return folded }
      let h = operand(z), f = operand(x), g = operand(y)
      return .code(code.emit(Instr(op: .conditional, a: h, b: f, c: g)))
    case .call(let fn, let args):
      return call(fn, args, e)
    case .column(let rowExpr, let column):
      let f = operand(expr(rowExpr))
      return .code(code.emit(Instr(op: .column, a: f, b: Int32(column), c: code.expr(e))))
    }
  }

  /// `n` as an instruction operand: constants become a `konst` instruction.
  mutating func operand(_ n: PNode) -> Int32 {
    switch n {
    case .code(let i): return i
    case .const(let v): return code.emit(Instr(op: .konst, a: code.const(v)))
    }
  }

  private mutating func symbol(_ sym: Symbol) -> PNode {
    switch sym {
    case .fact(let i):
      var b: Int32 = -1
      if i >= 128 {
        code.bits.append(FactBits(i))
        b = Int32(code.bits.count - 1)
      }
      return .code(code.emit(Instr(op: .fact, a: Int32(i), b: b)))
    case .constant(let i): return .const(constants[i])
    case .asOf: return .code(code.emit(Instr(op: .asOf)))
    case .table(let t): return .const(.row(table: Int32(t), index: -1))
    case .definition(let i): return .code(code.emit(Instr(op: .definition, a: Int32(i))))
    case .decision(let d, let field): return .code(code.emit(Instr(op: .field, flag: OpCodes.field(field), a: Int32(d))))
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

  private mutating func compare(_ op: TypedExpr.CompareOp, _ x: PNode, _ y: PNode, _ e: TypedExpr) -> PNode {
    // Equality with a constant (an enum value, a date) is the common case: one instruction.
    if op == .eq || op == .ne, let c = y.constant ?? x.constant {
      let f = operand(y.constant == nil ? y : x), eq: UInt8 = op == .eq ? 1 : 0
      if case .sym(let id) = c { return .code(code.emit(Instr(op: .eqSym, flag: eq, a: f, b: id))) }
      return .code(code.emit(Instr(op: .eqConst, flag: eq, a: f, b: code.const(c))))
    }
    let l = operand(x), r = operand(y)
    return .code(code.emit(Instr(op: .compare, flag: OpCodes.compare(op), a: l, b: r, c: code.expr(e))))
  }

  private mutating func member(_ a: PNode, _ b: PNode, negated: Bool) -> PNode {
    let f = operand(a), flag: UInt8 = negated ? 1 : 0
    if case .const(.list(let items)) = b {
      if items.count > 8 {
        code.sets.append(Set(items))
        return .code(code.emit(Instr(op: .memberSet, flag: flag, a: f, b: Int32(code.sets.count - 1))))
      }
      // A handful of interned texts: compare integers.
      let syms = items.compactMap { if case .sym(let id) = $0 { id } else { nil } }
      if syms.count == items.count {
        return .code(code.emit(Instr(op: .memberSyms, flag: flag, a: f, b: code.pooled(syms), c: Int32(syms.count))))
      }
      return .code(code.emit(Instr(op: .memberList, flag: flag, a: f, b: code.const(.list(items)))))
    }
    let g = operand(b)
    return .code(code.emit(Instr(op: .member, flag: flag, a: f, b: g)))
  }

  private mutating func call(_ fn: Builtin, _ args: [TypedExpr], _ e: TypedExpr) -> PNode {
    switch fn {
    case .known:
      guard case .symbol(.fact(let i)) = args[0].kind else { return fail(e) }
      return .code(code.emit(Instr(op: .known, a: Int32(i))))
    case .lookup:
      guard case .symbol(.table(let t)) = args[0].kind else { return fail(e) }
      let f = operand(expr(args[1]))
      return .code(code.emit(Instr(op: .lookup, a: Int32(t), b: f)))
    default:
      // Every other builtin runs the shared implementation, so the two evaluators agree on it.
      let parts = args.map { operand(expr($0)) }
      let k = UInt8(Builtin.allCases.firstIndex(of: fn)!)
      return .code(code.emit(Instr(op: .call, flag: k, a: code.pooled(parts), b: Int32(parts.count), c: code.expr(e))))
    }
  }

  private mutating func fail(_ e: TypedExpr) -> PNode {
    .code(code.emit(Instr(op: .fail, c: code.expr(e))))
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
