import ArgumentParser
import RulesReport

/// `ismap-rules`: evaluate cases against policy rule files, test, check and diff rule sets.
public struct RootCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "ismap-rules",
    abstract: "Evaluate cases against policy rule files (ISMAP interim measures bundled).",
    discussion: """
      Exit codes: 0 ok; 1 findings, failed tests or differences; 2 invalid rules, facts or input; \
      3 (eval, ask) a main decision is undetermined because facts are missing; 64 bad command-line usage.
      """,
    version: EngineInfo.version,
    subcommands: [EvalCommand.self, AskCommand.self, TemplateCommand.self, TestCommand.self, CheckCommand.self,
                  DiffCommand.self, SchemaCommand.self])

  public init() {}

  /// Parses and runs the command line; a long `eval` file list is split off first (CommandLineSplit).
  public static func main() {
    let (arguments, files) = CommandLineSplit.split(Array(CommandLine.arguments.dropFirst()))
    CommandLineSplit.files = files
    main(arguments)
  }
}
