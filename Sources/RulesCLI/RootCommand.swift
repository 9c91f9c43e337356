import ArgumentParser
import RulesReport

/// `ismap-rules`: evaluate cases against policy rule files, test, check and diff rule sets.
package struct RootCommand: ParsableCommand {
  /// Commands linked in by the executable (`serve`), so the CLI stage never depends on the server's.
  nonisolated(unsafe) package static var extraSubcommands: [any ParsableCommand.Type] = []

  package static var configuration: CommandConfiguration { CommandConfiguration(
    commandName: "ismap-rules",
    abstract: "Evaluate cases against policy rule files (ISMAP interim measures bundled).",
    discussion: """
      Exit codes: 0 ok; 1 findings, failed tests or differences; 2 invalid rules, facts or input; \
      3 (eval, ask) a main decision is undetermined because facts are missing; 64 bad command-line usage.
      """,
    version: EngineInfo.version,
    subcommands: [EvalCommand.self, AskCommand.self, TemplateCommand.self, TestCommand.self, CheckCommand.self,
                  DiffCommand.self, SchemaCommand.self] + extraSubcommands) }

  package init() {}

  /// Parses and runs the command line; a long `eval` file list is split off first (CommandLineSplit).
  /// `eval FILE…` with no option runs without the parser (EvalSettings.plain), as the parser would.
  package static func main() {
    let all = Array(CommandLine.arguments.dropFirst())
    if let files = EvalSettings.plainFiles(all) {
      var frontend = EvalFrontend(settings: .plain, files: files, colorOut: Terminal.color(fd: 1),
                                  colorErr: Terminal.color(fd: 2), environment: LanguageOptions.processEnvironment)
      frontend.keepUntilExit = true
      frontend.run().finish()
    }
    let (arguments, files) = CommandLineSplit.split(all)
    CommandLineSplit.files = files
    main(arguments)
  }
}
