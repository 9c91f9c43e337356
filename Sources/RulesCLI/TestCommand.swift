import ArgumentParser

/// `ismap-rules test`: run YAML test cases against the rules, with coverage of what fired.
struct TestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "test", abstract: "Run YAML test files (cases with facts and expected decisions) and flip files.")

  @OptionGroup var rules: RulesOptions
  @OptionGroup(title: "Limits") var limits: LimitOptions
  @Flag(help: "List the rules, exclusions and obligations no case made fire.") var coverage = false
  @Option(help: "Fail when coverage is below this percentage.") var minCoverage: Double?
  @Flag(help: "Print each case's name as it passes.") var verbose = false
  @Argument(help: "Test files.") var tests: [String]

  func validate() throws {
    // NaN compares false with everything, so `--min-coverage nan` would always pass.
    if let m = minCoverage, !m.isFinite || m < 0 || m > 100 {
      throw ValidationError("--min-coverage must be a percentage from 0 to 100, not `\(m)`")
    }
  }

  func run() throws {
    var runner = TestRunner(options: rules, limits: limits.load, showCoverage: coverage || minCoverage != nil,
                            minCoverage: minCoverage, verbose: verbose, color: Terminal.color(fd: 1))
    let code = runner.run(tests)
    Terminal.write(runner.output)
    if !runner.errors.isEmpty { Terminal.error(runner.errors) }
    throw ExitCode(code)
  }
}
