import Foundation
import Testing
import RulesExpr
import RulesModel
@testable import RulesCLI
@testable import RulesReport

/// `--lang` and `--dates`: golden text in each language, the locale default, and Japanese output
/// free of the engine's English words. Every test passes `--lang`; none reads the machine's locale.
@Suite struct LanguageTests {
  static let multiYear = packageRoot + "/examples/multi-year-contract.yaml"
  static let largeMigration = packageRoot + "/examples/large-migration.yaml"
  static let undetermined = packageRoot + "/examples/saas-waiting-for-iaas.yaml"

  @Test(arguments: ["ja", "en", "both"])
  func textGolden(lang: String) throws {
    let r = try runEval(["--lang", lang, Self.multiYear, Self.largeMigration])
    #expect(r.errors.isEmpty, "\(r.errors)")
    assertSnapshot("eval-ismap-\(lang).txt", r.output)
  }

  @Test(arguments: ["ja", "en", "both"])
  func explainGolden(lang: String) throws {
    let r = try runEval(["--lang", lang, "--explain", Self.multiYear])
    assertSnapshot("eval-ismap-explain-\(lang).txt", r.output)
  }

  @Test func explainSaysWhyInJapaneseSentences() throws {
    let r = try runEval(["--lang", "ja", "--explain", Self.multiYear])
    // The matching rule: its conditions from the fact labels, then the outcome and clause.
    #expect(r.output.contains("本決定時点で利用中又は利用予定、複数年契約、代替サービスの有無、"))
    #expect(r.output.contains("に該当します（2-ⅱ 類型①-ⅰ）"))
    // A rule that did not apply: its first failed condition, with the dates involved.
    #expect(r.output.contains("「評価日において登録済み」に当たらないため、"))
    #expect(r.output.contains("に該当しません"))
  }

  @Test(arguments: [("iso", "評価日 2022-10-01\n"), ("wareki", "評価日 令和4年10月1日\n"),
                    ("both", "評価日 2022-10-01（令和4年10月1日）\n")])
  func datesStyle(style: String, header: String) throws {
    let r = try runEval(["--lang", "ja", "--dates", style, Self.multiYear])
    #expect(r.output.contains(header), "\(r.output.prefix(200))")
  }

  @Test func englishDefaultsToIsoDatesAndCanAskForEraDates() throws {
    #expect(try runEval(["--lang", "en", Self.multiYear]).output.contains("as of 2022-10-01\n"))
    #expect(try runEval(["--lang", "en", "--dates", "both", Self.multiYear]).output.contains("as of 2022-10-01 (令和4年10月1日)\n"))
  }

  /// Japanese output carries none of the catalogue's English words (codes in `[…]` and names in
  /// backticks are for engineers and stay as written).
  @Test(arguments: [multiYear, largeMigration, undetermined])
  func japaneseHasNoEnglishEngineWords(file: String) throws {
    let out = try runEval(["--lang", "ja", "--explain", file]).output
    var prose = out.replacingOccurrences(of: #"\[[^\]]*\]"#, with: " ", options: .regularExpression)
    prose = prose.replacingOccurrences(of: #"`[^`]*`"#, with: " ", options: .regularExpression)
    prose = prose.replacingOccurrences(of: file.replacingOccurrences(of: packageRoot + "/", with: ""), with: " ")
    prose = prose.replacingOccurrences(of: file, with: " ")
    let english = Word.allCases.map(\.en).filter { $0.contains(where: \.isLetter) }
      + ["until", "active", "needs", "could be", "undetermined", "expired", "rule", "because", "none"]
    for word in english {
      let pattern = "\\b" + NSRegularExpression.escapedPattern(for: word.trimmingCharacters(in: .whitespaces)) + "\\b"
      #expect(prose.range(of: pattern, options: [.regularExpression, .caseInsensitive]) == nil,
              "`\(word)` in Japanese output of \(file)")
    }
  }

  @Test func undeterminedNamesTheMissingFactsByLabel() throws {
    let r = try runEval(["--lang", "ja", Self.undetermined])
    #expect(r.output.contains("未確定") || r.exit == 0)
    if r.exit == 3 { #expect(r.output.contains("必要な事実：")) }
  }

  /// Only the migration plan has a due date in the 2021-07-06 rules; every other obligation has
  /// no fixed deadline.
  @Test func onlyTheMigrationPlanIsDated() throws {
    let ja = try runEval(["--lang", "ja", Self.largeMigration]).output
    #expect(ja.contains("今年度中に移行計画を定める [migration-plan-by-fy-end]  [2-ⅱ 類型①-ⅱ]  期限 2022-03-31（令和4年3月31日）"))
    let blocks = ja.components(separatedBy: "\n\n").filter { $0.hasPrefix("機関が行うべき事項") || $0.hasPrefix("未了の事項") }
    #expect(blocks.count == 2)
    for line in blocks.flatMap({ $0.split(separator: "\n") }) where line.hasPrefix("  - ") {
      if line.contains("[migration-plan-by-fy-end]") {
        #expect(line.hasSuffix("期限 2022-03-31（令和4年3月31日）"), "\(line)")
      } else {
        #expect(line.hasSuffix("期限の定めなし"), "\(line)")
      }
    }
    let en = try runEval(["--lang", "en", Self.largeMigration]).output
    #expect(en.contains("[migration-plan-by-fy-end]  [2-ⅱ 類型①-ⅱ]  due 2022-03-31"))
    #expect(en.contains("[report-to-secretariat]  [2-ⅱ 類型①-ⅰ ¶4]  no fixed deadline"))
    let json = try runEval(["--format", "json", "--no-trace", Self.largeMigration]).output
    let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let decisions = try #require(root["decisions"] as? [String: [String: Any]])
    let items = decisions.values.flatMap { ($0["obligation_items"] as? [[String: Any]]) ?? [] }
    #expect(items.count == 4)
    for item in items {
      let id = item["id"] as? String
      #expect(item["overdue"] as? Bool == false, "\(item)")
      if id == "migration-plan-by-fy-end" {
        #expect(item["due"] as? String == "2022-03-31")
      } else {
        #expect(item["due"] is NSNull, "\(item)")
      }
    }
    let ruleSet = try #require(try? RuleSetProvider(options: RulesOptions.parse([]), limits: LoadLimits()).ruleSet(
      on: CalendarDate(year: 2021, month: 7, day: 6)!).0)
    #expect(ruleSet.obligations.filter { $0.due != nil }.map(\.id) == ["migration-plan-by-fy-end"])
  }

  @Test(arguments: [
    ([("LANG", "ja_JP.UTF-8")], Language.ja),
    ([("LANG", "ja")], .ja),
    ([("LANG", "C")], .en),
    ([("LANG", "en_US.UTF-8")], .en),
    ([("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")], .en),
    ([("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "en_US.UTF-8")], .ja),
    ([("LC_ALL", ""), ("LANG", "ja_JP.eucJP")], .ja),
    ([], .en),
  ])
  func localeChoosesTheDefault(env: [(String, String)], expected: Language) {
    let map = Dictionary(uniqueKeysWithValues: env)
    #expect(LanguageOptions.language(environment: { map[$0] }) == expected)
  }

  @Test func langOptionWinsOverTheLocale() throws {
    let command = try EvalCommand.parse(["--lang", "en", Self.multiYear])
    let r = EvalFrontend(command: command, environment: { $0 == "LANG" ? "ja_JP.UTF-8" : nil }).run()
    #expect(r.output.contains("rule set"))
    let byLocale = EvalFrontend(command: try EvalCommand.parse([Self.multiYear]), environment: { $0 == "LANG" ? "ja_JP.UTF-8" : nil }).run()
    #expect(byLocale.output.contains("規則集"))
  }

  @Test func badLanguageIsAUsageError() {
    #expect(throws: (any Error).self) { try EvalCommand.parse(["--lang", "fr", Self.multiYear]) }
    #expect(throws: (any Error).self) { try EvalCommand.parse(["--dates", "showa", Self.multiYear]) }
  }
}
