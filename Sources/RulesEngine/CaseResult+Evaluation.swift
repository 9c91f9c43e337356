internal import RulesEval
internal import RulesModel

// Copies an evaluation into the library's own value types, with titles and obligation texts looked up.
extension CaseResult {
  init(_ e: Evaluation) {
    let rs = e.ruleSet
    let main = Set(rs.main)
    asOf = Day(e.asOf)
    ruleSetID = rs.header.id.value
    decisions = e.results.enumerated().map { i, r in
      DecisionOutcome(r, rs.decisions[i], isMain: main.contains(i), e)
    }
  }
}

extension DecisionOutcome {
  init(_ r: DecisionResult, _ d: Decision, isMain: Bool, _ e: Evaluation) {
    let rs = e.ruleSet
    let matched = (d.rules + (d.otherwise.map { [$0] } ?? [])).filter { r.rules.contains($0.id.value) }
    id = r.name
    title = d.title.map(BilingualText.init)
    self.isMain = isMain
    determined = r.determined
    outcome = r.outcome
    outcomes = r.outcomes
    outcomeTitle = r.outcomes.first.flatMap { o in
      (d.outcomeTexts[o]?.title ?? matched.first { $0.outcome == o && $0.title != nil }?.title).map(BilingualText.init)
    }
    deadline = r.deadline.map(Day.init)
    status = DeadlineStatus(rawValue: r.status.rawValue) ?? .undetermined
    obligations = r.obligations.map { id in
      let o = rs.obligationIndex[id].map { rs.obligations[$0] }
      let due = e.dues[id] ?? .none
      return ObligationItem(
        id: id, text: o?.text.map(BilingualText.init), source: o?.source.map(ClauseReference.init),
        due: due.date.map(Day.init), overdue: due.overdue(on: e.asOf))
    }
    source = matched.first?.source.map(ClauseReference.init)
    possible = r.possible
    missingFacts = r.missingFacts
  }
}

extension BilingualText {
  init(_ t: LocalizedText) { self.init(ja: t.ja, en: t.en) }
}

extension ClauseReference {
  init(_ c: Citation) { self.init(clause: c.clause, quote: c.quote) }
}
