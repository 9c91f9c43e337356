import RulesSource

/// Text for people, in Japanese, English or both.
package struct LocalizedText: Hashable, Sendable {
  package let ja: String?
  package let en: String?

  package init(ja: String?, en: String?) {
    self.ja = ja
    self.en = en
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
