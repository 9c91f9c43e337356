import RulesExpr
import RulesSource

/// Text for people, in Japanese, English or both.
package struct LocalizedText: Hashable, Sendable {
  package let ja: String?
  package let en: String?
  /// The constants' dates `{name}` inserted (written ISO in `ja` and `en`), so that human output can
  /// write them in its own date style (`--dates`).
  package let insertedDates: [InsertedDate]

  /// A date inserted into the text: in `en` or `ja`, at these offsets in Unicode scalars.
  package struct InsertedDate: Hashable, Sendable {
    package let english: Bool
    package let range: Range<Int>
    package let date: CalendarDate
    package init(english: Bool, range: Range<Int>, date: CalendarDate) {
      self.english = english
      self.range = range
      self.date = date
    }
  }

  package init(ja: String?, en: String?) {
    self.init(ja: ja, en: en, insertedDates: [])
  }

  package init(ja: String?, en: String?, insertedDates: [InsertedDate]) {
    self.ja = ja
    self.en = en
    self.insertedDates = insertedDates
  }

  /// The text with each inserted date written by `write` (`english` says which text it stands in).
  package func writingDates(_ write: (CalendarDate, _ english: Bool) -> String) -> LocalizedText {
    guard !insertedDates.isEmpty else { return self }
    func rewrite(_ s: String?, english: Bool) -> String? {
      guard let s else { return nil }
      var scalars = Array(s.unicodeScalars)
      // From the end, so earlier offsets stay valid.
      for d in insertedDates.filter({ $0.english == english }).sorted(by: { $0.range.lowerBound > $1.range.lowerBound })
      where d.range.upperBound <= scalars.count {
        scalars.replaceSubrange(d.range, with: Array(write(d.date, english).unicodeScalars))
      }
      var out = String.UnicodeScalarView()
      out.append(contentsOf: scalars)
      return String(out)
    }
    return LocalizedText(ja: rewrite(ja, english: false), en: rewrite(en, english: true))
  }

  /// The text in `language` (`ja` or `en`), falling back to the other.
  package func text(_ language: String = "en") -> String {
    (language == "ja" ? ja ?? en : en ?? ja) ?? ""
  }

  /// Both languages, `ja / en`, or the one given.
  package var both: String {
    switch (ja, en) {
    case (let j?, let e?) where j != e: return "\(j) / \(e)"
    case (let j?, _): return j
    case (_, let e?): return e
    default: return ""
    }
  }
}

/// The clause a rule encodes, and the sentence it quotes.
package struct Citation: Hashable, Sendable {
  package let clause: String
  package let quote: String?
  package let document: String?
  package let url: String?

  package init(clause: String, quote: String? = nil, document: String? = nil, url: String? = nil) {
    self.clause = clause
    self.quote = quote
    self.document = document
    self.url = url
  }
}
