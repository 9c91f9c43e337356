import RulesExpr
import RulesModel

/// What a person typed for one question.
enum Answer: Equatable {
  case value(Value)
  /// `?`: asked, and cannot say. Saved under `unknown:` and never asked again.
  case dontKnow
}

/// Reads an answer as people type it: full-width or half-width, はい/いいえ, y/n, a number from the
/// listed choices, a value or its label, era dates. A bad answer gives the reason to show before
/// asking again.
struct AnswerReader {
  let words: AskWords

  static let dontKnowWords: Set<String> = ["?", "わからない", "分からない", "不明", "unknown", "don't know", "dont know"]
  static let noneWords: Set<String> = ["なし", "無し", "ない", "none", "null", "-"]
  static let yesWords: Set<String> = ["はい", "y", "yes", "true", "○", "〇"]
  static let noWords: Set<String> = ["いいえ", "n", "no", "false", "×"]

  /// The numbered choices a question lists (bool and enum facts; `none` last when the fact is optional).
  func choices(for fact: FactDecl) -> [(value: Value, shown: String)] {
    var out: [(Value, String)] = []
    switch fact.type {
    case .bool: out = [(.bool(true), words.yes), (.bool(false), words.no)]
    case .enumeration(_, let values):
      out = values.map { v in
        (.string(v), fact.valueLabels[v].map { "\($0.text(words.lang)) (\(v))" } ?? v)
      }
    default: return []
    }
    if fact.optional { out.append((.none, words.noneValue)) }
    return out
  }

  /// Folds full-width ASCII and the ideographic space to ASCII, trims, lower-cases Latin letters.
  static func normalize(_ s: String) -> String {
    var out = ""
    for u in s.unicodeScalars {
      if (0xFF01...0xFF5E).contains(u.value), let a = Unicode.Scalar(u.value - 0xFEE0) {
        out.unicodeScalars.append(a)
      } else {
        out.unicodeScalars.append(u == "\u{3000}" ? " " : u)
      }
    }
    return String(out.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }

  func read(_ line: String, for fact: FactDecl) -> Result<Answer, AnswerError> {
    let raw = Self.normalize(line)
    let key = raw.lowercased()
    if raw.isEmpty { return .failure(AnswerError(words.emptyAnswer)) }
    if Self.dontKnowWords.contains(key) { return .success(.dontKnow) }
    let list = choices(for: fact)
    if !list.isEmpty {
      if let n = Int(key), n >= 1, n <= list.count { return .success(.value(list[n - 1].value)) }
      if case .enumeration(_, let values) = fact.type {
        if let v = values.first(where: { $0.lowercased() == key }) { return .success(.value(.string(v))) }
        if let v = values.first(where: { v in
          fact.valueLabels[v].map { [$0.ja, $0.en].contains { $0?.lowercased() == key } } ?? false
        }) {
          return .success(.value(.string(v)))
        }
      }
    }
    if Self.noneWords.contains(key) {
      return fact.optional ? .success(.value(.none)) : .failure(AnswerError(words.noneNotAllowed))
    }
    return value(raw, as: fact.type, choices: list.count).map(Answer.value)
  }

  /// A typed value (lists: items separated by commas or 、).
  func value(_ raw: String, as type: ExprType, choices: Int) -> Result<Value, AnswerError> {
    let key = raw.lowercased()
    switch type {
    case .bool:
      if Self.yesWords.contains(key) { return .success(.bool(true)) }
      if Self.noWords.contains(key) { return .success(.bool(false)) }
      return .failure(AnswerError(words.badBool))
    case .enumeration:
      return .failure(AnswerError(words.badChoice(choices)))
    case .date:
      switch CalendarDate.readWritten(raw) {
      case .success(let d): return .success(.date(d))
      case .failure(let p): return .failure(AnswerError(words.badDate(raw, p)))
      }
    case .number:
      guard let n = Double(raw.replacingOccurrences(of: ",", with: "")), n.isFinite else {
        return .failure(AnswerError(words.badNumber))
      }
      return .success(.number(n))
    case .string:
      return .success(.string(raw))
    case .duration:
      guard let e = try? ExprParser.parse(raw), case .literal(.duration(let d)) = e.kind else {
        return .failure(AnswerError(words.badDuration))
      }
      return .success(.duration(d))
    case .list(let item):
      var out: [Value] = []
      for part in raw.split(whereSeparator: { $0 == "," || $0 == "、" }) {
        let p = Self.normalize(String(part))
        if case .enumeration(_, let values) = item, !values.contains(p) {
          return .failure(AnswerError(words.badChoice(values.count) + ": " + values.joined(separator: ", ")))
        }
        switch value(p, as: item, choices: 0) {
        case .success(let v): out.append(v)
        case .failure(let e): return .failure(e)
        }
      }
      return .success(.list(out))
    default:
      return .failure(AnswerError(words.textHint))
    }
  }
}

/// Why an answer was not accepted, in the interview's language.
struct AnswerError: Error, Equatable {
  let message: String
  init(_ message: String) { self.message = message }
}
