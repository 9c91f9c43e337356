import ArgumentParser

/// Placeholder until the `check` subcommand lands (being written now).
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "check", abstract: "(being written)")
  func run() throws { throw ExitCode(2) }
}
