import RulesEval
import RulesExpr
import RulesModel

/// The evaluation for people: each decision with its outcome, deadline, why, what to do by when,
/// and what is still needed, in Japanese, English or both (`voice`). Outcomes are named by their
/// title then code (`類型①-ⅰ [new-1-i]`), so people and engineers read the same line.
package struct EvaluationText {
  package var color = false
  package var explain = false
  package var voice = Voice(language: .both, dates: .iso)
  let names = OutcomeNames()

  package init(color: Bool = false, explain: Bool = false, voice: Voice = Voice(language: .both, dates: .iso)) {
    self.color = color
    self.explain = explain
    self.voice = voice
  }

  /// The language as a string (`ja`, `en`, `both`), for callers that predate `voice`.
  package var language: String {
    get { voice.language.rawValue }
    set { voice = Voice(language: Language(rawValue: newValue) ?? .both, dates: voice.dates) }
  }

  func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
  func w(_ word: Word) -> String { voice.word(word) }
  var ja: Bool { voice.language == .ja }
  /// `：` after a label in Japanese, `: ` otherwise.
  var colon: String { ja ? "：" : ": " }

  package func render(_ e: Evaluation) -> String {
    let rs = e.ruleSet
    var out = "\(paint(e.facts.path, "1"))\(colon)\(w(.ruleSet)) \(rs.header.id.value)\(voice.comma)\(w(.asOf)) \(voice.date(e.asOf))"
    out += e.asOfSource == "today" ? w(.today) + "\n" : "\n"
    let order = rs.main + rs.decisions.indices.filter { !rs.main.contains($0) }
    for d in order {
      out += "\n" + decision(e, d)
    }
    if !e.missingFacts.isEmpty {
      out += "\n" + paint(w(.missingFacts), "1;33") + colon + e.missingFacts.map { factName($0, rs) }.joined(separator: voice.comma) + "\n"
    }
    let questions = Questions.of(e)
    if !questions.isEmpty {
      let shown = questions.prefix(Self.questionsShown)
      out += "\n" + paint(w(.nextQuestions), "1;33")
      if questions.count > shown.count {
        let of = fill(w(.firstOfTotal), ["{n}": String(shown.count), "{total}": String(questions.count)])
        out += (ja ? "" : " ") + voice.paren(of)
      }
      out += (ja ? "：" : ":") + "\n"
      for (n, q) in shown.enumerated() { out += "  \(n + 1). " + question(q) + "\n" }
    }
    return out
  }

  func decision(_ e: Evaluation, _ d: Int) -> String {
    let rs = e.ruleSet
    let r = e.results[d]
    let decision = rs.decisions[d]
    var out = paint(voice.text(decision.title).map { "\($0) [\(r.name)]" } ?? r.name, "1") + "\n"
    var shownTitle: String?
    if !r.determined {
      out += "  " + paint(w(.undetermined), "1;33")
      if !r.possible.isEmpty {
        let list = r.possible.map { names.named($0, in: decision, rule: nil, voice) }.joined(separator: voice.comma)
        out += (ja ? "" : " ") + voice.paren(w(.couldBe) + colon + list)
      }
      out += "\n  \(w(.needs))\(colon)"
      out += r.missingFacts.isEmpty ? w(.nothingMore) : r.missingFacts.map { factName($0, rs) }.joined(separator: voice.comma)
      out += "\n"
    } else if r.hit == .collect {
      // One line per matching rule, earliest due date first.
      if r.outcomes.isEmpty { out += "  " + paint(w(.none), "1;32") + "\n" }
      let items = r.rules.compactMap { id in decision.rules.first { $0.id.value == id } }.map { rule in
        (rule, due(Decision.obligationIDs(of: rule, in: rs.obligationIndex), e))
      }
      for (rule, due) in sortedByDue(items) {
        out += "  - " + paint(names.named(rule.outcome, in: decision, rule: rule, voice), "1;32")
        if let c = rule.source { out += "  [\(c.clause)]" }
        if let due { out += "  " + dueText(due, e) }
        out += "\n"
      }
    } else {
      let rule = r.rules.first.flatMap { id in decision.rules.first { $0.id.value == id } }
        ?? (r.outcome == decision.otherwise?.outcome ? decision.otherwise : nil)
      let what = r.outcome.map { names.named($0, in: decision, rule: rule, voice) } ?? w(.noRuleMatched)
      shownTitle = r.outcome.map { names.title(of: $0, in: decision, rule: rule, voice) }
      out += "  " + paint(what, "1;32")
      if let dl = r.deadline {
        let status = r.status == .active ? paint(w(.active), "32") : paint(w(.expired), "31")
        out += "  \(w(.until)) \(voice.date(dl))\(ja ? "" : " ")\(voice.paren(status))"
      }
      out += "\n"
    }
    for id in r.rules where r.hit != .collect {
      guard let rule = decision.rules.first(where: { $0.id.value == id }) else { continue }
      out += "  \(w(.rule))"
      if let t = voice.text(rule.title), t != shownTitle { out += colon + t }
      out += " [\(id)]"
      if let c = rule.source { out += "  [\(c.clause)]" }
      out += "\n"
    }
    for x in r.excluded {
      out += "  \(w(.excluded))"
      if let t = voice.text(x.reason) { out += colon + t }
      out += " [\(x.rule)/\(x.exclusion)]"
      if let c = x.source { out += "  [\(c.clause)]" }
      out += "\n"
    }
    if r.hit != .collect {
      for (o, due) in sortedByDue(r.obligations.map { ($0, due([$0], e)) }) {
        let decl = rs.obligationIndex[o].map { rs.obligations[$0] }
        out += "  - " + (voice.text(decl?.text).map { "\($0) [\(o)]" } ?? o)
        if let due { out += "  " + dueText(due, e) }
        out += "\n"
      }
    }
    if explain {
      for t in r.trace { out += explainLines(t, decision, r, e) }
    }
    return out
  }

  /// One line per language: `both` gives the Japanese sentence, then the English one.
  func explainLines(_ t: RuleTrace, _ decision: Decision, _ r: DecisionResult, _ e: Evaluation) -> String {
    let langs: [Language] = voice.language == .both ? [.ja, .en] : [voice.language]
    return langs.map { lang in
      let s = ExplainSentences(evaluation: e, voice: Voice(language: lang, dates: voice.dates), names: names)
      return "    · " + s.sentence(t, in: decision, result: r) + "\n"
    }.joined()
  }

  // MARK: Due dates

  /// The due date of obligations `ids` (the earliest), or nil when none is an obligation.
  func due(_ ids: [String], _ e: Evaluation) -> Due? {
    let dues = ids.compactMap { e.dues[$0] }
    if dues.isEmpty { return ids.isEmpty ? nil : Due.none }
    if let d = dues.compactMap(\.date).min() { return .date(d) }
    return dues.first { if case .unknown = $0 { true } else { false } } ?? Due.none
  }

  /// Earliest due first, then undetermined, then those with no fixed deadline; otherwise as given.
  func sortedByDue<T>(_ items: [(T, Due?)]) -> [(T, Due?)] {
    func key(_ d: Due?, _ i: Int) -> (Int, Int, Int) {
      switch d {
      case .date(let x)?: return (0, x.dayNumber, i)
      case .unknown?: return (1, 0, i)
      default: return (2, 0, i)
      }
    }
    return items.enumerated().sorted { key($0.element.1, $0.offset) < key($1.element.1, $1.offset) }.map(\.element)
  }

  func dueText(_ due: Due, _ e: Evaluation) -> String {
    switch due {
    case .none: return w(.noFixedDeadline)
    case .date(let d):
      let late = e.asOf > d ? (ja ? "" : " ") + voice.paren(paint(w(.overdue), "31")) : ""
      return "\(w(.due)) \(voice.date(d))\(late)"
    case .unknown(let facts):
      return w(.dueUnknown) + (ja ? "" : " ") + voice.paren(w(.needs) + colon + facts.map { factName($0, e.ruleSet) }.joined(separator: voice.comma))
    }
  }

  /// `text` with each `{name}` replaced (a catalogue entry with numbers in it).
  func fill(_ text: String, _ values: [String: String]) -> String {
    var out = text
    for (k, v) in values { out = out.split(separator: k, omittingEmptySubsequences: false).joined(separator: v) }
    return out
  }

  /// The kind of answer a fact takes, in words.
  func typeWord(_ t: ExprType) -> String {
    switch t {
    case .bool: return w(.typeBool)
    case .date: return w(.typeDate)
    case .number: return w(.typeNumber)
    case .duration: return w(.typeDuration)
    case .enumeration: return w(.typeChoice)
    case .list(let x): return w(.typeList) + colon + typeWord(x)
    case .optional(let x): return typeWord(x)
    default: return w(.typeText)
    }
  }

  /// `label [key]`, or the key when the fact has no label.
  func factName(_ name: String, _ rs: RuleSet) -> String {
    guard let i = rs.factIndex[name], let l = voice.text(rs.facts[i].label) else { return name }
    return "\(l) [\(name)]"
  }

  /// How many questions the text shows; JSON lists them all.
  package static let questionsShown = 3

  /// A question: its label, the fact and the kind of answer; an enum's values, in words, on the next line.
  func question(_ q: Question) -> String {
    let f = q.fact
    var line = (voice.text(f.label).map { "\($0) [\(f.name)]" } ?? f.name) + (ja ? "" : " ") + voice.paren(typeWord(f.type))
    if !f.enumValues.isEmpty {
      line += "\n     " + f.enumValues.map { v in voice.text(f.valueLabels[v]).map { "\($0) [\(v)]" } ?? v }.joined(separator: voice.comma)
    }
    return line
  }
}
