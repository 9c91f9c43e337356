import RulesCLI

RootCommand.main()
