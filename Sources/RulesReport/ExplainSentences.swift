import RulesEval
import RulesExpr
import RulesModel

/// `eval --explain` as sentences: why the matching rule applies and, for each rule that did not,
/// the first condition that failed. Built generically from the rule files' labels and the shape of
/// each condition (a boolean fact → its label; a date comparison → label and dates; an enum
/// equality → label and value), so no policy wording lives here.
struct ExplainSentences {
  let evaluation: Evaluation
  /// One language (`ja` or `en`) and the date style.
  let voice: Voice
  let names: OutcomeNames

  var ja: Bool { voice.language == .ja }
  var values: CaseValues { CaseValues(evaluation: evaluation) }
  func w(_ word: Word) -> String { ja ? word.ja : word.en }
  var rs: RuleSet { evaluation.ruleSet }

  /// The sentence for one rule of `decision` as the evaluator considered it.
  func sentence(_ t: RuleTrace, in decision: Decision, result: DecisionResult) -> String {
    let rule = decision.rules.first { $0.id.value == t.rule } ?? decision.otherwise
    let bare = rule.map { names.title(of: $0.outcome, in: decision, rule: $0, voice) } ?? t.outcome
    let title = ja ? bare : "“\(bare)”"
    let clause = t.source.map { voice.paren($0.clause) } ?? ""
    switch t.result {
    case .matched:
      guard let when = rule?.when else {
        return ja ? "\(w(.otherwiseApplies))、\(title)\(w(.applies))\(clause)"
          : "\(w(.otherwiseApplies)) \(title) \(w(.applies))\(clause.isEmpty ? "" : " " + clause)."
      }
      let why = phrase(when, holds: true)
      return ja ? "\(because(why))、\(title)\(w(.applies))\(clause)"
        : "\(title) \(w(.applies)) \(w(.appliesBecause)) \(why)\(clause.isEmpty ? "" : " " + clause)."
    case .notMatched:
      let failed = t.decider.map { d -> String in
        if case .condition(let c) = d { return phrase(c, holds: false) }
        return ""
      } ?? rule?.when.map { phrase($0, holds: false) } ?? ""
      return ja ? "\(because(failed))、\(title)\(w(.doesNotApply))\(clause)"
        : "\(title) \(w(.doesNotApply)) \(w(.appliesBecause)) \(failed)\(clause.isEmpty ? "" : " " + clause)."
    case .excluded:
      guard case .exclusion(let id, let c)? = t.decider else { return title }
      let ex = rule?.unless.first { $0.id.value == id }
      let reason = voice.text(ex?.reason) ?? id
      let exClause = ex?.source.map { voice.paren($0.clause) } ?? clause
      let why = phrase(c, holds: true)
      return ja ? "\(because(why))、\(w(.excludedBecause))「\(reason)」\(w(.fallsUnder))、\(title)\(w(.doesNotApply))\(exClause)"
        : "\(title) \(w(.doesNotApply)): \(w(.excludedBecause)) (\(reason)) \(w(.appliesBecause)) \(why)\(exClause.isEmpty ? "" : " " + exClause)."
    case .unknown:
      let missing = t.missingFacts.map { factName($0) }.joined(separator: voice.comma)
      return ja ? "\(missing)\(w(.unknownBecause))、\(title)\(w(.whetherUndetermined))\(clause)"
        : "\(w(.whetherUndetermined)) \(title) applies: \(missing) \(w(.unknownBecause))\(clause.isEmpty ? "" : " " + clause)."
    case .notReached:
      return ja ? "\(title)：\(w(.notReached))" : "\(title) \(w(.notReached))."
    }
  }

  /// `…ため` after a verb or adjective, `…であるため` after a noun phrase.
  func because(_ s: String) -> String {
    s + (Word.verbalEndings.contains { s.hasSuffix($0) } ? "" : w(.copula)) + w(.appliesBecause)
  }

  // MARK: Conditions

  func phrase(_ c: Condition, holds: Bool) -> String {
    switch c {
    case .expr(let s): return phrase(s.typed, holds: holds, text: s.text)
    // A failed `all` is named by its first failed part, a holding `any` by its first holding part.
    case .all(let cs):
      if !holds, let x = cs.first(where: { values.truth($0) == false }) { return phrase(x, holds: false) }
      return join(cs.map { phrase($0, holds: holds) }, or: !holds)
    case .any(let cs):
      if holds, let x = cs.first(where: { values.truth($0) == true }) { return phrase(x, holds: true) }
      return join(cs.map { phrase($0, holds: holds) }, or: holds)
    case .not(let x): return phrase(x, holds: !holds)
    }
  }

  /// Parts joined by `、` / `, `, or by 又は / `or`.
  func join(_ parts: [String], or: Bool) -> String {
    or ? parts.joined(separator: ja ? w(.or) : " \(w(.or)) ") : parts.joined(separator: voice.comma)
  }

  func phrase(_ e: TypedExpr, holds: Bool, text: String) -> String {
    switch e.kind {
    case .not(let x): return phrase(x, holds: !holds, text: text)
    case .and(let a, let b):
      // `x != none and x >= d` holding reads as the comparison alone.
      if holds, let g = noneGuard(a), mentions(b, g) { return phrase(b, holds: true, text: text) }
      if !holds, let x = [a, b].first(where: { values.truth($0) == false }) { return phrase(x, holds: false, text: text) }
      return join([phrase(a, holds: holds, text: text), phrase(b, holds: holds, text: text)], or: !holds)
    case .or(let a, let b):
      if holds, let x = [a, b].first(where: { values.truth($0) == true }) { return phrase(x, holds: true, text: text) }
      return join([phrase(a, holds: holds, text: text), phrase(b, holds: holds, text: text)], or: holds)
    case .symbol(let s) where e.type.unwrapped == .bool:
      let subject = self.subject(s) ?? source(e, text)
      return holds ? subject : (ja ? "「\(subject)」\(w(.notThat))" : "\(w(.notThat)) “\(subject)”")
    // `flag == false` reads as the flag not holding.
    case .compare(let op, let l, let r) where (op == .eq || op == .ne) && l.type.unwrapped == .bool:
      if case .literal(.bool(let b)) = r.kind { return phrase(l, holds: holds == (b == (op == .eq)), text: text) }
      return compare(holds ? op : negated(op), l, r, text: text)
    case .member(let x, let list, let negated) where isOutcomes(list):
      guard case .symbol(.decision(let d, let field)) = list.kind else { return source(e, text) }
      let title = field == .excluded ? exclusionReason(x, in: d) ?? operand(x, text: text, about: nil)
        : operand(x, text: text, about: TypedExpr(.symbol(.decision(d, .outcome)), list.type, list.range))
      let whole = voice.text(rs.decisions[d].title) ?? rs.decisions[d].name
      let yes = holds != negated
      return ja ? "\(whole)に\(title)\(w(yes ? .among : .notAmong))" : "\(title) \(w(yes ? .among : .notAmong)) \(whole)"
    case .compare(let op, let l, let r):
      return compare(holds ? op : negated(op), l, r, text: text)
    case .member(let x, let list, let negated):
      let items: [String]
      if case .list(let xs) = list.kind { items = xs.map { operand($0, text: text, about: x) } } else { items = [source(list, text)] }
      let yes = holds != negated
      let subject = operand(x, text: text, about: nil)
      let joined = items.joined(separator: ja ? "・" : ", ")
      return ja ? "\(subject)が\(joined)\(w(yes ? .oneOf : .noneOf))" : "\(subject) \(w(yes ? .oneOf : .noneOf)) \(joined)"
    case .call(.known, let args) where args.count == 1:
      let subject = operand(args[0], text: text, about: nil)
      return ja ? subject + w(holds ? .isGiven : .isNotGiven) : "\(subject) \(w(holds ? .isGiven : .isNotGiven))"
    default:
      let s = "`\(source(e, text))`"
      return ja ? s + w(holds ? .holds : .doesNotHold) : "\(s) \(w(holds ? .holds : .doesNotHold))"
    }
  }

  /// The fact `x` of a guard `x != none`.
  func noneGuard(_ e: TypedExpr) -> Int? {
    guard case .compare(.ne, let l, let r) = e.kind, case .literal(.none) = r.kind, case .symbol(.fact(let i)) = l.kind
    else { return nil }
    return i
  }

  func mentions(_ e: TypedExpr, _ fact: Int) -> Bool {
    switch e.kind {
    case .symbol(.fact(let i)): return i == fact
    case .compare(_, let a, let b), .and(let a, let b), .or(let a, let b), .coalesce(let a, let b): return mentions(a, fact) || mentions(b, fact)
    case .not(let a): return mentions(a, fact)
    default: return false
    }
  }

  /// A decision's `outcomes`, `obligations` or `excluded` list.
  func isOutcomes(_ e: TypedExpr) -> Bool {
    if case .symbol(.decision(_, let f)) = e.kind { return f == .outcomes || f == .obligations || f == .excluded }
    return false
  }

  /// The quoted reason of the exclusion a literal id names in decision `d`.
  func exclusionReason(_ e: TypedExpr, in d: Int) -> String? {
    guard case .literal(.string(let id)) = e.kind,
      let x = rs.decisions[d].rules.lazy.flatMap(\.unless).first(where: { $0.id.value == id }),
      let reason = voice.text(x.reason)
    else { return nil }
    return ja ? "「\(reason)」" : "“\(reason)”"
  }

  func negated(_ op: TypedExpr.CompareOp) -> TypedExpr.CompareOp {
    switch op {
    case .eq: return .ne
    case .ne: return .eq
    case .lt: return .ge
    case .le: return .gt
    case .gt: return .le
    case .ge: return .lt
    }
  }

  /// `label（value）が rhs 以後` / `label (value) is on or after rhs`.
  func compare(_ op: TypedExpr.CompareOp, _ l: TypedExpr, _ r: TypedExpr, text: String) -> String {
    // Put the side that names a fact or decision first.
    let (a, b, o) = named(l) == nil && named(r) != nil ? (r, l, flipped(op)) : (l, r, op)
    let subject = operand(a, text: text, about: nil)
    let object = operand(b, text: text, about: a)
    let dated = a.type.unwrapped == .date || b.type.unwrapped == .date
    // `x == none`: there is no x; `x != none`: there is one.
    if case .literal(.none) = b.kind, o == .eq || o == .ne {
      let some = o == .ne
      return ja ? subject + w(some ? .isSet : .isNotSet) : (some ? "\(subject) \(w(.isSet))" : "\(w(.isNotSet)) \(subject)")
    }
    // A date fact compared with another date: say the case's date, then how it compares.
    if dated, o != .eq, o != .ne, let v = currentValue(a), case .date = v {
      let value = show(v, about: a)
      return ja ? "\(subject)が\(value)で、\(object)\(w(dateRelation(o)))" : "\(subject) \(w(.copula)) \(value), \(w(dateRelation(o))) \(object)"
    }
    switch o {
    case .eq: return ja ? "\(subject)が\(object)" : "\(subject) \(w(.copula)) \(object)"
    case .ne: return ja ? "\(subject)が\(object)\(w(.isNot))" : "\(subject) \(w(.isNot)) \(object)"
    default:
      let rel: String
      if dated {
        rel = w(dateRelation(o))
      } else {
        rel = w([TypedExpr.CompareOp.ge: Word.atLeast, .gt: .moreThan, .le: .atMost, .lt: .lessThan][o]!)
      }
      return ja ? "\(subject)が\(object)\(rel)" : "\(subject) \(w(.copula)) \(rel) \(object)"
    }
  }

  func dateRelation(_ op: TypedExpr.CompareOp) -> Word {
    switch op {
    case .ge: return .onOrAfter
    case .gt: return .after
    case .le: return .onOrBefore
    default: return .before
    }
  }

  func flipped(_ op: TypedExpr.CompareOp) -> TypedExpr.CompareOp {
    switch op {
    case .lt: return .gt
    case .le: return .ge
    case .gt: return .lt
    case .ge: return .le
    default: return op
    }
  }

  /// The fact or decision an operand reads (through `x ?? default`).
  func named(_ e: TypedExpr) -> Symbol? {
    switch e.kind {
    case .symbol(let s): if case .fact = s { return s } else if case .decision = s { return s } else if case .asOf = s { return s }
    case .coalesce(let x, _): return named(x)
    default: break
    }
    return nil
  }

  /// What an operand is, in words: a label, a date, a value (labelled by the fact it is compared with).
  func operand(_ e: TypedExpr, text: String, about other: TypedExpr?) -> String {
    switch e.kind {
    case .symbol(let s): return subject(s) ?? source(e, text)
    case .coalesce(let x, _): return operand(x, text: text, about: other)
    case .literal(let v): return show(v, about: other)
    default: return "`\(source(e, text))`"
    }
  }

  /// The words for a name: a fact's label, a definition's or constant's description, a decision's title.
  func subject(_ s: Symbol) -> String? {
    switch s {
    case .fact(let i): return voice.text(rs.facts[i].label) ?? rs.facts[i].name
    case .definition(let i): return voice.text(rs.definitions[i].description) ?? rs.definitions[i].name
    case .constant(let i):
      let c = rs.constants[i]
      if case .date = c.value { return show(c.value, about: nil) }
      return "`\(c.name)`"  // a reading switch: its name is shorter than its description
    case .decision(let d, _): return voice.text(rs.decisions[d].title) ?? rs.decisions[d].name
    case .asOf: return w(.evaluationDate) + voice.paren(voice.date(evaluation.asOf))
    case .table: return nil
    }
  }

  /// A value in words; a string compared with a decision's outcome is that outcome's title.
  func show(_ v: Value, about other: TypedExpr?) -> String {
    switch v {
    case .date(let d): return voice.date(d)
    case .bool(let b): return w(b ? .yes : .no)
    case .string(let s):
      if let other, case .decision(let d, .outcome)? = named(other) {
        let title = names.title(of: s, in: rs.decisions[d], rule: nil, voice)
        return ja ? "「\(title)」" : "“\(title)”"
      }
      if let other, case .decision(_, .status)? = named(other) {
        if s == "active" { return w(.active) }
        if s == "expired" { return w(.expired) }
      }
      if let other, case .fact(let i)? = named(other) { return names.valueLabel(fact: rs.facts[i], s, voice) }
      return s
    default: return v.description
    }
  }

  /// The case's value of a fact operand, for showing next to its label.
  func currentValue(_ e: TypedExpr) -> Value? {
    switch e.kind {
    case .symbol(.fact(let i)): return evaluation.facts.values[i]
    case .coalesce(let x, _): return currentValue(x)
    default: return nil
    }
  }

  func source(_ e: TypedExpr, _ text: String) -> String {
    let scalars = Array(text.unicodeScalars)
    guard e.range.lowerBound >= 0, e.range.upperBound <= scalars.count else { return text }
    var s = ""
    s.unicodeScalars.append(contentsOf: scalars[e.range])
    return s
  }

  /// `label [key]` for a fact name.
  func factName(_ name: String) -> String {
    guard let i = rs.factIndex[name], let l = voice.text(rs.facts[i].label) else { return name }
    return "\(l) [\(name)]"
  }
}
