import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// One case as `eval` decides it, shared by the CLI and `serve`: pick the version in effect on the
/// case's date, bind the facts to it and evaluate. Either answer goes through here, so the server
/// can never drift from the command.
enum CaseEvaluation {
  /// A decided (or undetermined) case with the digest of its rule files.
  struct Outcome {
    let evaluation: Evaluation
    let digest: String
  }

  /// `optionDate` wins over the facts' `as_of`, which wins over `today`. Without `digest` (text
  /// output prints none) the rule files are not hashed and `digest` is "".
  static func run(_ doc: FactsDocument, optionDate: CalendarDate?, today: CalendarDate, digest: Bool = true,
                  ruleSet: (CalendarDate) throws(DiagnosticError) -> (RuleSet, [RuleFile])) throws(DiagnosticError) -> Outcome {
    var files: [RuleFile] = []
    let o = try runDigested(doc, optionDate: optionDate, today: today) { d throws(DiagnosticError) in
      let (rs, f) = try ruleSet(d)
      files = f
      return (rs, nil)
    }
    return Outcome(evaluation: o.evaluation, digest: digest ? Digest.of(files) : "")
  }

  /// The same, for a caller that knows the rule files' digest already (`serve` computes it once per
  /// version, not once per request); `digest` is "" when the closure gives none.
  static func runDigested(_ doc: FactsDocument, optionDate: CalendarDate?, today: CalendarDate,
                          ruleSet: (CalendarDate) throws(DiagnosticError) -> (RuleSet, String?)) throws(DiagnosticError) -> Outcome {
    let (asOf, from) = optionDate.map { ($0, "option") } ?? doc.asOf.map { ($0, "facts") } ?? (today, "today")
    let (rs, digest) = try ruleSet(asOf)
    let facts = try doc.bind(to: rs)
    do throws(EvaluationError) {
      return Outcome(evaluation: try Program.evaluate(rs, facts: facts, asOf: asOf, asOfSource: from), digest: digest ?? "")
    } catch {
      throw DiagnosticError(error.diagnostic)
    }
  }
}
