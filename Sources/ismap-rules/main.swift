import RulesCLI
import RulesServe
import RulesSource

// The command runs on a thread with a 512 MiB stack (see LargeStack): deep but legal input must
// not overflow the main thread's 8 MiB in any build.
nonisolated func runCommand() {
  RootCommand.extraSubcommands = [ServeCommand.self]
  RootCommand.main()
}

LargeStack.run(runCommand)
