import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import Testing

/// Mistakes reviewers made in copies of real rules, each reported at its line and column, in the
/// author's terms, with what to write (issue 9, item 4). Table-driven: YAML, then code, message,
/// help and position of the finding expected.
@Suite struct AuthorMessagesTests {
  /// Line 1 is the header; facts on lines 2–5; `decisions:` on line 6, the rule `r` on line 9, its `when` on line 10.
  static func doc(_ decisions: String, constants: String = "") -> String {
    """
    ruleset: {id: t, series: t, decided_on: 2024-01-01, effective_from: 2024-01-01, main: [d]}
    facts:
      day: date
      model: {type: enum, values: [saas, paas, iaas]}
      flag: bool
    decisions:
      d:
        rules:
          - id: r
    \(decisions)
    \(constants)
    """
  }

  /// Load and lint diagnostics, as `check` sees them.
  static func findings(_ yaml: String) -> [Diagnostic] {
    let (set, found, used) = RuleSetLoader.check([RuleFile(path: "test.yaml", bytes: Array(yaml.utf8))], location: "test")
    return found + (set.map { RuleSetLint.run($0, loadDiagnostics: found, usedFacts: used) } ?? [])
  }

  struct Case: CustomStringConvertible, Sendable {
    let what: String
    let yaml: String
    let code: String
    let message: String
    let help: String
    let line: Int
    let column: Int
    var description: String { what }
  }

  static let cases: [Case] = [
    Case(what: "slash date inside an expression",
         yaml: doc("        when: day < 2021/12/31"), code: "expr-syntax",
         message: "`2021/12/31` is not a date here (`/` is division)", help: "write `2021-12-31`", line: 10, column: 21),
    Case(what: "dot date inside an expression",
         yaml: doc("        when: day < 2021.12.31"), code: "expr-syntax",
         message: "`2021.12.31` is not a date here", help: "write `2021-12-31`", line: 10, column: 21),
    Case(what: "slash date in a constant",
         yaml: doc("        when: day < cutoff", constants: "constants:\n  cutoff: 2022/03/31"), code: "expr-syntax",
         message: "`2022/03/31` is not a date here", help: "write `2022-03-31`", line: 12, column: 11),
    Case(what: "era date inside an expression",
         yaml: doc("        when: day < 令和4年3月31日"), code: "expr-syntax",
         message: "era dates are not dates here", help: "2022-03-31", line: 10, column: 21),
    Case(what: "enum value without quotes",
         yaml: doc("        when: model == saas"), code: "unknown-value",
         message: "`saas` is not a name: it is a value of", help: "quote it: `\"saas\"`", line: 10, column: 24),
    Case(what: "enum values without quotes in a list",
         yaml: doc("        when: model in [\"iaas\", paas]"), code: "unknown-value",
         message: "`paas` is not a name", help: "quote it: `\"paas\"`", line: 10, column: 33),
    Case(what: "quoted date compared with a date",
         yaml: doc("        when: 'day >= \"2021-07-06\"'"), code: "type-mismatch",
         message: "cannot compare date `day` with string", help: "drop the quotes", line: 10, column: 16),
    Case(what: "exclusion reason one level too far out",
         yaml: doc("        when: flag\n        unless:\n          - id: x\n            when: flag\n        reason: too late"),
         code: "unknown-key", message: "`reason` is not a key of a rule of `d`; it belongs one level down, in an exclusion",
         help: "`unless:` item", line: 14, column: 9),
    Case(what: "deadline inside an exclusion",
         yaml: doc("        when: flag\n        unless:\n          - id: x\n            when: flag\n            deadline: day"),
         code: "unknown-key", message: "`deadline` is not a key of an exclusion; it belongs one level up, to the rule",
         help: "indent it less", line: 14, column: 13),
    Case(what: "rule key in the decision",
         yaml: doc("        when: flag\n    deadline: day"),
         code: "unknown-key", message: "`deadline` is not a key of decision `d`; it belongs one level down, in a rule",
         help: "indent it under", line: 11, column: 5),
    Case(what: "a rule key indented under source",
         yaml: doc("        source:\n          clause: art. 1\n          when: flag"),
         code: "unknown-key", message: "`when` is not a key of `source`; it belongs one level up, beside `source:`",
         help: "indent it less", line: 12, column: 11),
    Case(what: "exclusion key misindented (libyaml)",
         yaml: doc("        when: flag\n        unless:\n          - id: x\n            when: flag\n          reason: late"),
         code: "yaml-syntax", message: "`reason:` starts in column 11, but `when:` on line 13 starts in column 13",
         help: "move `reason:` to column 13 to put it beside `when:`", line: 14, column: 11),
    Case(what: "key indented past the key above (libyaml)",
         yaml: doc("        when: flag\n          deadline: day"),
         code: "yaml-syntax", message: "`deadline:` is indented more than the key above it",
         help: "indent `deadline:` like the other keys", line: 11, column: 19),
    Case(what: "key indented less than its neighbours (libyaml)",
         yaml: doc("        when: flag\n       deadline: day"),
         code: "yaml-syntax", message: "`deadline:` starts in column 8, but `when:` on line 10 starts in column 9",
         help: "(the YAML parser said: did not find expected '-' indicator)", line: 11, column: 8),
    Case(what: "key indented like the items of a list above (libyaml)",
         yaml: doc("        when:\n          - flag\n          deadline: day"),
         code: "yaml-syntax", message: "`deadline:` starts in column 11, but `when:` on line 10 starts in column 9",
         help: "move `deadline:` left to column 9, beside `when:`", line: 12, column: 11),
    Case(what: "a decision key indented less than its neighbours (libyaml)",
         yaml: doc("        when: flag\n   otherwise: {outcome: none}"),
         code: "yaml-syntax", message: "`otherwise:` starts in column 4, but `rules:` on line 8 starts in column 5",
         help: "did not find expected key", line: 11, column: 4),
    Case(what: "an unclosed quote (libyaml)",
         yaml: doc("        when: flag\n        title: \"unclosed"),
         code: "yaml-syntax", message: "the quote opened at line 11 is never closed",
         help: "end the value with the same quote", line: 12, column: 1),
    Case(what: "unquoted `: ` in a value (libyaml)",
         yaml: doc("        when: flag\n        deadline: period_end(day, 1 year, first_day: excluded)"),
         code: "yaml-syntax", message: "a `: ` inside a value starts another key here",
         help: "put the whole value in quotes", line: 11, column: 52),
    Case(what: "comma inside {ja, en}",
         yaml: doc("        when: flag\n        title: {ja: 原則, en: Principle, so principle use}"),
         code: "unknown-key", message: "`so principle use` is read as a key of `title`: a comma inside `{…}` ends the text",
         help: "`en: \"Principle, so principle use\"`", line: 11, column: 40),
    Case(what: "comma inside {…} before text with `: `",
         yaml: doc("        when: flag\n        title: {en: Permit, see: art. 5}"),
         code: "unknown-key", message: "`see` is read as a key of `title`: a comma inside `{…}` ends the text",
         help: "`en: \"Permit, see: art. 5\"`", line: 11, column: 29),
    Case(what: "tied did-you-mean for an outcome",
         yaml: doc("        when: flag\n      - {id: new-1-i, when: flag}\n      - {id: new-1-ii, when: flag}\n  e:\n    rules:\n      - {id: x, when: 'd.outcome == \"new-1ii\"'}"),
         code: "unknown-value", message: "`new-1ii` is not a value of the outcomes of `d`",
         help: "did you mean `new-1-i` or `new-1-ii`?", line: 15, column: 37),
    Case(what: "outcome misspelt in one rule",
         yaml: doc("        when: flag\n        outcome: principle-use-required\n      - {id: r2, when: flag, outcome: principle-use-required}\n      - {id: r3, when: day > 2024-01-01, outcome: principle-use-requried}"),
         code: "near-duplicate-outcome", message: "outcome `principle-use-requried` of rule `r3` is given by no other rule",
         help: "did you mean `principle-use-required`?", line: 13, column: 51),
    Case(what: "a date in a title that a constant holds",
         yaml: doc("        when: day < cutoff\n        title: \"until 2022-03-31\"", constants: "constants:\n  cutoff: 2022-03-31"),
         code: "literal-constant-date", message: "this text spells 2022-03-31, the value of constant `cutoff`",
         help: "write `{cutoff}`", line: 11, column: 23),
    Case(what: "an unknown constant in a title",
         yaml: doc("        when: day < cutoff\n        title: \"until {cutof}\"", constants: "constants:\n  cutoff: 2022-03-31"),
         code: "unknown-constant", message: "`{cutof}` in text names no constant",
         help: "did you mean `cutoff`?", line: 11, column: 23),
  ]

  @Test(arguments: cases)
  func reportedInTheAuthorsTerms(_ c: Case) throws {
    let all = Self.findings(c.yaml)
    let d = try #require(all.first { $0.code.rawValue == c.code }, "\(c.what): no \(c.code) in \(all.map { "\($0.range.start) \($0.code) \($0.message)" })")
    #expect(d.message.contains(c.message), "\(c.what): \(d.message)")
    #expect(d.help?.contains(c.help) == true, "\(c.what): \(d.help ?? "no help")")
    #expect(d.range.start == SourcePosition(line: c.line, column: c.column), "\(c.what): at \(d.range.start)")
  }

  @Test(arguments: ["model == saas or flag", "model in [saas, \"paas\"]", "saas != model"])
  func anUnquotedValueIsOneError(when: String) {
    let errors = Self.findings(Self.doc("        when: '\(when)'")).filter { $0.severity == .error }
    #expect(errors.map(\.code) == [.unknownValue], "\(errors.map(\.message))")
  }

  @Test func distinctNumberedOutcomesAreNotReported() {
    let y = Self.doc("        when: flag\n        outcome: new-1-i\n      - {id: b, when: flag, outcome: new-1-ii}\n      - {id: c, when: flag, outcome: type-a}\n      - {id: e, when: flag, outcome: type-b}")
    #expect(!Self.findings(y).contains { $0.code == .nearDuplicateOutcome })
  }

  @Test func aConstantInTextIsItsValueAndBracesCanBeLiteral() throws {
    let y = Self.doc("        when: day < cutoff\n        title: {ja: \"{cutoff}まで\", en: \"until {cutoff} {{not a name}}\"}\n        deadline: cutoff",
                     constants: "constants:\n  cutoff: 2022-03-31")
    let s = try ruleSet(y)
    let rule = s.decisions[0].rules[0]
    #expect(rule.title?.en == "until 2022-03-31 {not a name}")
    #expect(rule.title?.ja == "2022-03-31まで")
    // `--set` changes the constant, and the text follows it.
    guard case .success(let other) = RuleSetLoader.load([RuleFile(path: "t.yaml", bytes: Array(y.utf8))], location: "t",
                                                        overrides: ["cutoff": "2023-03-31"])
    else { Issue.record("override did not load"); return }
    #expect(other.decisions[0].rules[0].title?.en == "until 2023-03-31 {not a name}")
  }

  /// Human output writes an inserted date in its `--dates` style, as the text's language writes it;
  /// the text itself (and so JSON) keeps the ISO form.
  @Test func anInsertedDateFollowsTheOutputDateStyle() throws {
    let y = Self.doc("        when: day < cutoff\n        title: {ja: \"{cutoff}まで\", en: \"until {cutoff}\"}",
                     constants: "constants:\n  cutoff: 2022-03-31")
    let title = try ruleSet(y).decisions[0].rules[0].title
    #expect(Voice(language: .en, dates: .iso).text(title) == "until 2022-03-31")
    #expect(Voice(language: .ja, dates: .wareki).text(title) == "令和4年3月31日まで")
    #expect(Voice(language: .en, dates: .wareki).text(title) == "until " + Voice(language: .en, dates: .wareki).date(CalendarDate(year: 2022, month: 3, day: 31)!))
    #expect(title?.en == "until 2022-03-31")
  }
}
