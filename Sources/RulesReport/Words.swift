import RulesExpr
import RulesModel

/// The language of human output. `both` gives Japanese then English.
package enum Language: String, Sendable, CaseIterable {
  case ja, en, both
}

/// How dates are written in human output: `2024-03-31`, `令和6年3月31日`, or `2024-03-31（令和6年3月31日）`.
package enum DateStyle: String, Sendable, CaseIterable {
  case iso, wareki, both
}

/// The engine's own words, in Japanese and English: the only words of human output that do not come
/// from a rule file. Policy text (titles, reasons, obligations, labels) always comes from the rules.
package enum Word: Sendable, CaseIterable {
  case ruleSet, asOf, today, undetermined, couldBe, needs, nothingMore, none, noRuleMatched, until, active, expired
  case rule, excluded, missingFacts, due, noFixedDeadline, overdue, dueUnknown
  case applies, whetherUndetermined, appliesBecause, doesNotApply, notReached, unknownBecause, excludedBecause, fallsUnder
  case yes, no, evaluationDate, otherwiseApplies, oneOf, noneOf, isGiven, isNotGiven, holds, doesNotHold
  case atLeast, moreThan, atMost, lessThan, or
  case onOrAfter, after, onOrBefore, before, among, notAmong, isSet, isNotSet, isNot, notThat, copula
  case nextQuestions, firstOfTotal, typeBool, typeDate, typeNumber, typeDuration, typeChoice, typeList, typeText

  /// (Japanese, English).
  var pair: (String, String) {
    switch self {
    case .ruleSet: return ("規則集", "rule set")
    case .asOf: return ("評価日", "as of")
    case .today: return ("（本日：--as-of も事実ファイルの as_of もありません）", " (today: no --as-of and no as_of in the facts)")
    case .undetermined: return ("未確定", "undetermined")
    case .couldBe: return ("候補", "could be")
    case .needs: return ("必要な事実", "needs")
    case .nothingMore: return ("（追加の事実は不要：経過を参照）", "(nothing more: see trace)")
    case .none: return ("（該当なし）", "(none)")
    case .noRuleMatched: return ("（該当する規則なし）", "(no rule matched)")
    case .until: return ("期限", "until")
    case .active: return ("有効", "active")
    case .expired: return ("期限切れ", "expired")
    case .rule: return ("規則", "rule")
    case .excluded: return ("除外", "excluded")
    case .missingFacts: return ("不足している事実", "missing facts")
    case .due: return ("期限", "due")
    case .noFixedDeadline: return ("期限の定めなし", "no fixed deadline")
    case .overdue: return ("期限超過", "overdue")
    case .dueUnknown: return ("期限未確定", "due date undetermined")
    case .applies: return ("に該当します", "applies")
    case .appliesBecause: return ("ため", "because")
    case .doesNotApply: return ("に該当しません", "does not apply")
    case .notReached: return ("先の規則が該当したため検討していません", "was not considered: an earlier rule applied")
    case .unknownBecause: return ("が不明のため", "unknown")
    case .whetherUndetermined: return ("に該当するか未確定です", "It is undetermined whether")
    case .excludedBecause: return ("除外事由", "excluded")
    case .or: return ("又は", "or")
    case .fallsUnder: return ("に当たり", "falls under")
    case .nextQuestions: return ("次の質問", "next questions")
    case .firstOfTotal: return ("全{total}問のうち最初の{n}問", "first {n} of {total}")
    case .typeBool: return ("はい／いいえ", "yes/no")
    case .typeDate: return ("日付", "date")
    case .typeNumber: return ("数値", "number")
    case .typeDuration: return ("期間", "duration")
    case .typeChoice: return ("選択", "choice")
    case .typeList: return ("一覧", "list")
    case .typeText: return ("文字列", "text")
    case .onOrAfter: return ("以後", "on or after")
    case .after: return ("より後", "after")
    case .onOrBefore: return ("以前", "on or before")
    case .before: return ("より前", "before")
    case .among: return ("が含まれる", "is among")
    case .notAmong: return ("が含まれない", "is not among")
    case .isSet: return ("がある", "is given as a date")
    case .isNotSet: return ("がない", "there is no")
    case .isNot: return ("ではない", "is not")
    case .notThat: return ("に当たらない", "not")
    case .copula: return ("である", "is")
    case .yes: return ("はい", "yes")
    case .no: return ("いいえ", "no")
    case .evaluationDate: return ("評価日", "the evaluation date")
    case .otherwiseApplies: return ("他の規則が該当しないため", "no other rule applies, so")
    case .oneOf: return ("のいずれか", "is one of")
    case .noneOf: return ("のいずれでもない", "is none of")
    case .isGiven: return ("が与えられている", "is given")
    case .isNotGiven: return ("が与えられていない", "is not given")
    case .holds: return ("が成り立つ", "holds")
    case .doesNotHold: return ("が成り立たない", "does not hold")
    case .atLeast: return ("以上", "at least")
    case .moreThan: return ("を超える", "more than")
    case .atMost: return ("以下", "at most")
    case .lessThan: return ("未満", "less than")
    }
  }

  /// Japanese endings after which `ため` follows directly (a verb or adjective); after anything
  /// else (a noun phrase) it takes the copula: `…であるため`.
  static let verbalEndings = ["ない", "いる", "ある", "する", "なる", "れる"]

  package var ja: String { pair.0 }
  package var en: String { pair.1 }
}

/// Says engine words, policy texts and dates in one language and date style.
package struct Voice: Sendable {
  package let language: Language
  package let dates: DateStyle

  package init(language: Language, dates: DateStyle? = nil) {
    self.language = language
    self.dates = dates ?? (language == .en ? .iso : .both)
  }

  /// An engine word; under `both`, `ja / en`.
  package func word(_ w: Word) -> String {
    switch language {
    case .ja: return w.ja
    case .en: return w.en
    case .both: return w.ja == w.en ? w.ja : "\(w.ja) / \(w.en)"
    }
  }

  /// A rule file's text in this language, falling back to the other. A constant's date inserted
  /// with `{name}` is written in this voice's date style, as the text's own language writes it.
  package func text(_ t: LocalizedText?) -> String? {
    guard var t else { return nil }
    if dates != .iso {
      t = t.writingDates { d, english in Voice(language: english ? .en : .ja, dates: dates).date(d) }
    }
    switch language {
    case .ja: return t.ja ?? t.en
    case .en: return t.en ?? t.ja
    case .both: return t.both
    }
  }

  /// A date in this voice's style; an era form only from Meiji on (ISO before).
  package func date(_ d: CalendarDate) -> String {
    guard let w = d.wareki else { return d.description }
    switch dates {
    case .iso: return d.description
    case .wareki: return w
    case .both: return language == .en ? "\(d) (\(w))" : "\(d)（\(w)）"
    }
  }

  /// Parentheses around `s`, full-width in Japanese only.
  package func paren(_ s: String) -> String { language == .ja ? "（\(s)）" : "(\(s))" }

  /// A list separator: `、` in Japanese, `, ` in English.
  package var comma: String { language == .ja ? "、" : ", " }
}
