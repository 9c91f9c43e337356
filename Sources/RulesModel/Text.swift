import RulesSource

/// Text for people, in Japanese, English or both.
public struct LocalizedText: Hashable, Sendable {
  public let ja: String?
  public let en: String?

  public init(ja: String?, en: String?) {
    self.ja = ja
    self.en = en
  }

  /// The text in `language` (`ja` or `en`), falling back to the other.
  public func text(_ language: String = "en") -> String {
    (language == "ja" ? ja ?? en : en ?? ja) ?? ""
  }

  /// Both languages, `ja / en`, or the one given.
  public var both: String {
    switch (ja, en) {
    case (let j?, let e?) where j != e: return "\(j) / \(e)"
    case (let j?, _): return j
    case (_, let e?): return e
    default: return ""
    }
  }
}

/// The clause a rule encodes, and the sentence it quotes.
public struct Citation: Hashable, Sendable {
  public let clause: String
  public let quote: String?
  public let document: String?
  public let url: String?

  public init(clause: String, quote: String? = nil, document: String? = nil, url: String? = nil) {
    self.clause = clause
    self.quote = quote
    self.document = document
    self.url = url
  }
}
