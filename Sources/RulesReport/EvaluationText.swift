import RulesEval
import RulesExpr
import RulesModel

/// The evaluation for people: each decision with its outcome, deadline, why, and what is still needed.
public struct EvaluationText {
  public var color = false
  public var explain = false
  public var language = "both"

  public init(color: Bool = false, explain: Bool = false) {
    self.color = color
    self.explain = explain
  }

  func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

  func say(_ t: LocalizedText?) -> String? {
    guard let t else { return nil }
    switch language {
    case "ja": return t.ja ?? t.en
    case "en": return t.en ?? t.ja
    default: return t.both
    }
  }

  public func render(_ e: Evaluation) -> String {
    let rs = e.ruleSet
    var out = "\(paint(e.facts.path, "1")): rule set \(rs.header.id.value), as of \(e.asOf)"
    out += e.asOfSource == "today" ? " (today: no --as-of and no as_of in the facts)\n" : "\n"
    let order = rs.main + rs.decisions.indices.filter { !rs.main.contains($0) }
    for d in order {
      let r = e.results[d]
      let decision = rs.decisions[d]
      out += "\n" + paint(r.name, "1")
      if let t = say(decision.title) { out += "  — \(t)" }
      out += "\n"
      if !r.determined {
        out += "  " + paint("undetermined", "1;33")
        if !r.possible.isEmpty { out += " (could be: \(r.possible.joined(separator: ", ")))" }
        out += "\n  needs: \(r.missingFacts.isEmpty ? "(nothing more: see trace)" : r.missingFacts.joined(separator: ", "))\n"
      } else if r.hit == .collect {
        // One line per outcome: the id, the rule's title and its clause.
        if r.outcomes.isEmpty { out += "  " + paint("(none)", "1;32") + "\n" }
        for id in r.rules {
          guard let rule = decision.rules.first(where: { $0.id.value == id }) else { continue }
          out += "  - " + paint(rule.outcome, "1;32")
          if let t = say(rule.title) { out += ": \(t)" }
          if let c = rule.source { out += "  [\(c.clause)]" }
          out += "\n"
        }
      } else {
        let what = r.outcome ?? "(no rule matched)"
        out += "  " + paint(what, "1;32")
        if let dl = r.deadline {
          out += "  until \(dl) (\(r.status == .active ? paint("active", "32") : paint("expired", "31")))"
        }
        out += "\n"
      }
      for id in r.rules where r.hit != .collect {
        guard let rule = decision.rules.first(where: { $0.id.value == id }) else { continue }
        out += "  rule \(id)"
        if let t = say(rule.title) { out += ": \(t)" }
        if let c = rule.source { out += "  [\(c.clause)]" }
        out += "\n"
      }
      for x in r.excluded {
        out += "  excluded \(x.rule) by \(x.exclusion)"
        if let t = say(x.reason) { out += ": \(t)" }
        if let c = x.source { out += "  [\(c.clause)]" }
        out += "\n"
      }
      for o in r.obligations where r.hit != .collect {
        let decl = rs.obligationIndex[o].map { rs.obligations[$0] }
        out += "  - \(o)" + (say(decl?.text).map { ": \($0)" } ?? "") + "\n"
      }
      if explain {
        for t in r.trace {
          out += "    · \(t.rule) → \(t.result.rawValue)"
          if let by = t.decidedBy { out += " by `\(by)`" }
          if !t.reads.isEmpty {
            out += " reading " + t.reads.map { "\($0.fact)=\($0.value?.description ?? "unknown")" }.joined(separator: ", ")
          }
          out += "\n"
        }
      }
    }
    if !e.missingFacts.isEmpty {
      out += "\n" + paint("missing facts", "1;33") + ": " + e.missingFacts.joined(separator: ", ") + "\n"
    }
    let questions = Questions.of(e)
    if !questions.isEmpty {
      let shown = questions.prefix(Self.questionsShown)
      out += "\n" + paint("next questions", "1;33")
      out += questions.count > shown.count ? " (first \(shown.count) of \(questions.count)):\n" : ":\n"
      for (n, q) in shown.enumerated() { out += "  \(n + 1). " + question(q) + "\n" }
    }
    return out
  }

  /// How many questions the text shows; JSON lists them all.
  public static let questionsShown = 3

  /// A question: its label, the fact and its type; an enum's values, in words, on the next line.
  func question(_ q: Question) -> String {
    let f = q.fact
    var line = (say(f.label).map { "\($0) [\(f.name)]" } ?? f.name) + " (" + EvaluationJSON.typeName(f.type) + ")"
    if !f.enumValues.isEmpty {
      line += "\n     " + f.enumValues.map { v in say(f.valueLabels[v]).map { "\(v) (\($0))" } ?? v }.joined(separator: ", ")
    }
    return line
  }
}
