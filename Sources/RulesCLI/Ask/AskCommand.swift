import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `ismap-rules ask`: a terminal interview that asks only what the main decisions still need.
struct AskCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ask",
    abstract: "Decide a case by answering questions, one at a time (docs/interview.md).",
    discussion: """
      Asks the fact that settles most of what is still open, re-evaluates, and asks again until the main \
      decisions are decided. Answer with the number of a listed choice, the value, はい/いいえ or y/n, a date \
      (2023-03-31, R5.3.31, 令和5年3月31日), or ? if you do not know. Exit codes are eval's: 0 decided, \
      3 input ended undecided (the answers are still saved), 2 invalid rules, facts or output file.
      """)

  @OptionGroup var rules: RulesOptions
  @Option(help: "The evaluation date (YYYY-MM-DD or an era date); asked when neither this nor the facts give one.")
  var asOf: String?
  @Option(help: "A facts file to resume from; the answers are saved back to it unless --output is given.")
  var facts: String?
  @Option(help: "Write the answers (a facts file) here, atomically.") var output: String?
  @Option(help: "Language of the questions and the words around them: ja or en.") var lang: AskLanguage = .ja

  func run() throws {
    let interactive = isatty(0) == 1
    let code = AskFrontend(command: self, echo: !interactive).run(
      read: { readLine(strippingNewline: true) }, write: { Terminal.write($0) }, error: { Terminal.error($0) })
    throw ExitCode(code)
  }
}

enum AskLanguage: String, ExpressibleByArgument, CaseIterable {
  case ja, en
}
