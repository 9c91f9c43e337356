import RulesExpr

/// The interview's own words in Japanese and English. Every word about the policy (labels, values,
/// clauses) comes from the rule files; these are only the words around them.
struct AskWords: Sendable {
  let lang: String

  private func t(_ ja: String, _ en: String) -> String { lang == "ja" ? ja : en }

  var asOfQuestion: String { t("評価日（空欄なら今日）", "Evaluation date (empty for today)") }
  func question(_ n: Int) -> String { t("質問\(n)", "Question \(n)") }
  var why: String { t("確認する理由", "Needed for") }
  var dontKnow: String { t("わからない", "don't know") }
  var noneValue: String { t("なし（該当しない）", "none (there is none)") }
  var yes: String { t("はい", "yes") }
  var no: String { t("いいえ", "no") }
  var dateHint: String { t("日付（例: 令和5年3月31日、R5.3.31、2023-03-31）", "a date (e.g. 2023-03-31, R5.3.31, 令和5年3月31日)") }
  var numberHint: String { t("数値", "a number") }
  var textHint: String { t("文字列", "text") }
  var durationHint: String { t("期間（例: 1 year、6 months）", "a duration (e.g. 1 year, 6 months)") }
  var listHint: String { t("カンマ区切りで複数", "several, separated by commas") }
  var prompt: String { "> " }

  var emptyAnswer: String { t("答えを入力してください（わからなければ ?）", "please answer (or ? if you don't know)") }
  var badBool: String { t("「はい」か「いいえ」（y / n、1 / 2）で答えてください", "answer yes or no (y / n, 1 / 2)") }
  func badChoice(_ n: Int) -> String {
    t("1〜\(n) の番号か、一覧の値で答えてください", "answer with a number from 1 to \(n), or one of the values listed")
  }
  var badNumber: String { t("数値で答えてください（例: 3、2.5）", "answer with a number (e.g. 3, 2.5)") }
  var badDuration: String { t("期間で答えてください（例: 1 year、6 months）", "answer with a duration (e.g. 1 year, 6 months)") }
  var noneNotAllowed: String { t("この事実に「なし」は選べません", "this fact cannot be none") }
  var badDateLead: String { t("日付として読めません", "not a date") }

  /// Why a typed date was not read, and what to write.
  func badDate(_ typed: String, _ p: CalendarDate.WrittenDateProblem) -> String {
    guard lang == "ja" else {
      do throws(DateParseError) {
        _ = try CalendarDate.parseWritten(typed)
        return badDateLead
      } catch {
        return badDateLead + ": " + error.message + (error.help.map { "; \($0)" } ?? "")
      }
    }
    let example = "例: 令和5年3月31日、R5.3.31、2023-03-31"
    switch p {
    case .notADate: return "日付として読めません（\(example)）"
    case .needsYear: return "年は西暦4桁か元号（令和・平成・昭和）で書いてください（\(example)）"
    case .noEraYear(let era): return "\(era)の年が読めません（\(example)）"
    case .noMonth(let m): return "\(m)月はありません"
    case .noDay(let m, let y, let n): return "\(y)年\(m)月は\(n)日までです"
    case .outsideEra(let era, let first, let last):
      return "\(era)の期間外です（\(era)は\(first)から" + (last.map { "\($0)まで" } ?? "") + "）"
    }
  }

  var decided: String { t("判定が確定しました。", "The case is decided.") }
  var nothingMore: String {
    t("これ以上確認できる事実はありませんが、まだ確定していません。", "No more questions can settle the case; it is still undecided.")
  }
  var inputEnded: String { t("入力が終わりました。まだ確定していません。", "Input ended; the case is not decided yet.") }
  func saved(_ path: String) -> String { t("回答を保存しました: \(path)", "Answers saved to \(path)") }
  var answersBelow: String {
    t("回答（--output FILE で保存できます）:", "Answers (save them with --output FILE):")
  }
  var fileComment: String { t("ismap-rules ask の回答", "answers from ismap-rules ask") }
}
