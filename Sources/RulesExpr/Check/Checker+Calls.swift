import RulesSource

extension Checker {
  mutating func call(_ name: String, _ args: [Syntax.Argument], _ r: Range<Int>) -> TypedExpr? {
    guard let fn = Builtin(rawValue: name) else {
      return fail(.unknownFunction, "unknown function `\(name)`", r,
                  help: Suggestions.didYouMean(name, in: Builtin.allCases.map(\.rawValue)))
    }
    let positional = args.filter { $0.label == nil }.map(\.value)
    let labelled = args.filter { $0.label != nil }
    let allowedLabel: String? = fn == .periodEnd ? "first_day" : fn == .add ? "round" : nil
    for a in labelled where a.label != allowedLabel {
      return fail(.unknownArgument, "`\(name)` has no option `\(a.label!)`", a.labelRange ?? r,
                  help: allowedLabel.map { "its option is `\($0):`" })
    }
    func arity(_ n: ClosedRange<Int>) -> Bool { n.contains(positional.count) }
    switch fn {
    case .min, .max:
      guard positional.count >= 1 else { return fail(.wrongArguments, "`\(name)` needs at least one value", r) }
      let ts = positional.compactMap { typed($0) }
      guard ts.count == positional.count else { return nil }
      if ts.count == 1, case .list(let item) = ts[0].type {
        // `min(list)`: the least item of a list of numbers or dates.
        guard item == .number || item == .date else {
          if item.isOptional, item.unwrapped == .number || item.unwrapped == .date {
            return fail(.optionalUnguarded, "items of `\(positional[0])` may be none; `\(name)` needs values",
                        positional[0].range, help: "give each item a default: `[a ?? …, b ?? …]`")
          }
          return fail(.typeMismatch, "`\(name)` of a list needs numbers or dates, but `\(positional[0])` is \(ts[0].type)",
                      positional[0].range)
        }
        return TypedExpr(.call(fn, ts), item, r)
      }
      for (t, e) in zip(ts, positional) where t.type.isOptional {
        return fail(.optionalUnguarded, "`\(e)` may be none; `\(name)` needs values", e.range,
                    help: "give a default: `\(e) ?? …`")
      }
      let t0 = ts[0].type
      guard t0 == .number || t0 == .date, ts.allSatisfy({ $0.type == t0 }) else {
        return fail(.typeMismatch, "`\(name)` takes numbers or dates, all of one kind", r)
      }
      return TypedExpr(.call(fn, ts), t0, r)
    case .intersects, .anyIn:
      return listPair(fn, positional, r)
    case .count:
      guard arity(1...1) else { return wrongArity(fn, r, "a list") }
      guard let t = typed(positional[0]) else { return nil }
      guard case .list = t.type else { return fail(.typeMismatch, "`count` needs a list, but got \(t.type)", r) }
      return TypedExpr(.call(fn, [t]), .number, r)
    case .known:
      guard arity(1...1) else { return wrongArity(fn, r, "a fact") }
      guard case .path = positional[0].kind, let t = typed(positional[0]), case .symbol(.fact) = t.kind else {
        return fail(.typeMismatch, "`known` takes a fact name", positional[0].range,
                    help: "for example `known(contract.ends_on)`")
      }
      return TypedExpr(.call(fn, [t]), .bool, r)
    case .fiscalYearEnd, .fiscalYearStart:
      guard arity(1...1) else { return wrongArity(fn, r, "a date") }
      guard let t = typed(positional[0]) else { return nil }
      guard let d = expect(.date, t, positional[0], fn) else { return nil }
      return TypedExpr(.call(fn, [d]), .date, r)
    case .daysBetween:
      guard arity(2...2) else { return wrongArity(fn, r, "two dates") }
      guard let a = typed(positional[0]), let b = typed(positional[1]),
        let x = expect(.date, a, positional[0], fn), let y = expect(.date, b, positional[1], fn)
      else { return nil }
      return TypedExpr(.call(fn, [x, y]), .number, r)
    case .periodEnd, .add:
      guard arity(2...2) else { return wrongArity(fn, r, "a date and a duration") }
      guard let a = typed(positional[0]), let b = typed(positional[1]),
        let d = expect(.date, a, positional[0], fn), let l = expect(.duration, b, positional[1], fn)
      else { return nil }
      let values = fn == .periodEnd ? ["included", "excluded"] : ["none", "down", "up"]
      var out = [d, l]
      if let opt = labelled.first {
        guard let o = option(opt.value, values: values, label: opt.label!) else { return nil }
        out.append(o)
      }
      return TypedExpr(.call(fn, out), .date, r)
    case .lookup:
      guard arity(2...2) else { return wrongArity(fn, r, "a table and a key") }
      guard case .path = positional[0].kind, let t = typed(positional[0]), case .symbol(.table(let table)) = t.kind,
        case .row(_, let tname) = t.type
      else {
        return fail(.typeMismatch, "`lookup` takes a table name first", positional[0].range)
      }
      guard let k = typed(positional[1]) else { return nil }
      guard k.type.isStringLike else {
        return fail(.typeMismatch, "a table key is text, but `\(positional[1])` is \(k.type)", positional[1].range)
      }
      return TypedExpr(.call(fn, [t, k]), .optional(.row(table: table, name: tname)), r)
    }
  }

  /// `intersects(xs, ys)` and `any_in(xs, [values…])`: two lists of one item type; literal strings
  /// are checked against an enum's values so a typo is caught at load time.
  private mutating func listPair(_ fn: Builtin, _ positional: [Syntax.Expr], _ r: Range<Int>) -> TypedExpr? {
    let what = fn == .anyIn ? "a list and a list of values (`any_in(tags, [\"a\", \"b\"])`)" : "two lists"
    guard positional.count == 2 else { return wrongArity(fn, r, what) }
    guard let a = typed(positional[0]), let b = typed(positional[1]) else { return nil }
    for (t, e) in [(a, positional[0]), (b, positional[1])] {
      if t.type.isOptional, t.type != .nothing {
        return fail(.optionalUnguarded, "`\(e)` may be none; `\(fn.rawValue)` needs a list", e.range,
                    help: "give a default: `\(e) ?? []`")
      }
      guard case .list = t.type else {
        return fail(.typeMismatch, "`\(fn.rawValue)` takes \(what), but `\(e)` is \(t.type)", e.range,
                    help: "for one value write `\(e) in [...]`")
      }
    }
    guard case .list(let x) = a.type, case .list(let y) = b.type, ExprType.join(x, y) != nil else {
      return fail(.typeMismatch, "`\(fn.rawValue)` compares lists of one kind, but got \(a.type) and \(b.type)", r)
    }
    // A string item that no enum value matches can never be shared.
    for (enumType, other) in [(x, b), (y, a)] {
      guard case .enumeration(let ename, let values) = enumType.unwrapped, case .list(let items) = other.kind else { continue }
      for item in items {
        guard case .literal(.string(let v)) = item.kind, !values.contains(v) else { continue }
        return fail(.unknownValue, "`\(v)` is not a value of `\(ename)`", item.range,
                    help: Suggestions.didYouMean(v, in: values) ?? "its values: \(values.joined(separator: ", "))")
      }
    }
    return TypedExpr(.call(fn, [a, b]), .bool, r)
  }

  private mutating func wrongArity(_ fn: Builtin, _ r: Range<Int>, _ what: String) -> TypedExpr? {
    fail(.wrongArguments, "`\(fn.rawValue)` takes \(what)", r)
  }

  private mutating func expect(_ want: ExprType, _ t: TypedExpr, _ e: Syntax.Expr, _ fn: Builtin) -> TypedExpr? {
    if t.type == want { return t }
    if t.type.unwrapped == want {
      return fail(.optionalUnguarded, "`\(e)` may be none; `\(fn.rawValue)` needs a \(want)", e.range,
                  help: "test it first (`\(e) != none and …`) or give a default (`\(e) ?? …`)")
    }
    return fail(.typeMismatch, "`\(fn.rawValue)` needs a \(want) here, but `\(e)` is \(t.type)", e.range)
  }

  /// An option value: a bare word (`excluded`), a string, or a constant/expression of string type.
  private mutating func option(_ e: Syntax.Expr, values: [String], label: String) -> TypedExpr? {
    if case .path(let p) = e.kind, p.count == 1, values.contains(p[0]) {
      return TypedExpr(.literal(.string(p[0])), .string, e.range)
    }
    guard let t = typed(e) else { return nil }
    guard t.type.isStringLike, !t.type.isOptional else {
      return fail(.typeMismatch, "`\(label):` takes one of \(values.joined(separator: ", "))", e.range)
    }
    if case .literal(.string(let s)) = t.kind, !values.contains(s) {
      return fail(.unknownValue, "`\(s)` is not a value of `\(label):`", e.range,
                  help: Suggestions.didYouMean(s, in: values) ?? "write one of \(values.joined(separator: ", "))")
    }
    if case .enumeration(_, let vs) = t.type, let bad = vs.first(where: { !values.contains($0) }) {
      return fail(.unknownValue, "`\(bad)` is not a value of `\(label):`", e.range,
                  help: "write one of \(values.joined(separator: ", "))")
    }
    return t
  }
}
