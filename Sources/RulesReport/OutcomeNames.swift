import RulesModel

/// The words for outcomes and enum values in human output. One place, so that declared outcome
/// titles and enum value labels replace the fall-backs here without touching the renderers.
struct OutcomeNames {
  /// The title of `outcome` of `decision`: the decision's `outcomes:` entry, else the given rule's
  /// title when it gives that outcome, else the first rule's (or the fall-back's) that does; the
  /// code itself when none has a title. The same choice as `outcome_title` in JSON.
  func title(of outcome: String, in decision: Decision, rule: Rule?, _ voice: Voice) -> String {
    if let t = voice.text(decision.outcomeTexts[outcome]?.title) { return t }
    if let rule, rule.outcome == outcome, let t = voice.text(rule.title) { return t }
    for r in decision.rules + (decision.otherwise.map { [$0] } ?? []) where r.outcome == outcome {
      if let t = voice.text(r.title) { return t }
    }
    return outcome
  }

  /// `title [code]`, or the code alone when there is no title.
  func named(_ outcome: String, in decision: Decision, rule: Rule?, _ voice: Voice) -> String {
    let t = title(of: outcome, in: decision, rule: rule, voice)
    return t == outcome ? outcome : "\(t) [\(outcome)]"
  }

  /// An enum value in words: its label from the fact's `values:`, else the value itself.
  func valueLabel(fact: FactDecl, _ value: String, _ voice: Voice) -> String {
    voice.text(fact.valueLabels[value]) ?? value
  }
}
