import ArgumentParser

/// Placeholder until the `diff` subcommand lands (being written now).
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "diff", abstract: "(being written)")
  func run() throws { throw ExitCode(2) }
}
