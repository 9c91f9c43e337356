// The rule files under rules/, compiled in by the EmbedRules build-tool plugin (`BundledRules.files`),
// so that the CLI and the RulesEngine library carry the same bundled rules and work from any folder.
// This target sits below both and holds nothing else.
