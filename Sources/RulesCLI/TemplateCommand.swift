import ArgumentParser
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// `ismap-rules template`: a facts file to fill in, every declared fact commented out with its label.
struct TemplateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "template", abstract: "Print a facts file to fill in: every declared fact, commented out, with its label.")

  @OptionGroup var rules: RulesOptions
  @Option(help: "Language of the labels and descriptions: ja or en.") var lang: AskLanguage = .ja
  @Option(help: "The rule-set version in effect on this date (YYYY-MM-DD; default: the latest).") var asOf: String?

  func run() throws { try TemplateFrontend(command: self).run().emit() }
}

struct TemplateFrontend {
  let command: TemplateCommand

  func run() -> CommandResult {
    var sources: [SourceText] = []
    do throws(DiagnosticError) {
      let provider = try RuleSetProvider(options: command.rules, limits: LoadLimits())
      sources = provider.sources
      // Without --as-of, the newest version (of the chosen series, when there are several).
      let newest = provider.catalog.entries.filter { command.rules.series == nil || $0.series == command.rules.series }
        .compactMap(\.effectiveFrom).max()
      guard let date = try command.asOf.map(EvalFrontend.parseDate) ?? newest else {
        throw DiagnosticError(.error(.noVersionInEffect, "no rule set found", at: .file(command.rules.rules ?? "<bundled>")))
      }
      let (ruleSet, _) = try provider.ruleSet(on: date)
      return CommandResult(output: FactsTemplate.render(ruleSet, lang: command.lang.rawValue))
    } catch {
      return CommandResult(errors: DiagnosticRenderer(sources: sources, color: false).render(error.diagnostics), exit: Exit.invalid)
    }
  }
}
