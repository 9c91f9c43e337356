import Foundation
import Testing
@testable import RulesModel

/// Table keys skip Foundation's NFKC when every scalar's NFKC is known (`KeyMatch.quickNFKC`); the
/// answer must be Foundation's, scalar by scalar and for whole keys.
@Suite struct KeyMatchTests {
  static let accepted: [ClosedRange<UInt32>] = [
    0x00...0x7F, 0x2015...0x2015, 0x2ED1...0x2ED1, 0x3000...0x3000, 0x3041...0x3096, 0x30A1...0x30FC, 0x4E00...0x9FFF,
    0xFF01...0xFF5E,
  ]

  @Test func everyAcceptedScalarMatchesFoundation() {
    var checked = 0
    for range in Self.accepted {
      for v in range {
        let s = String(Unicode.Scalar(v)!)
        let quick = KeyMatch.quickNFKC(s)
        #expect(quick == s.precomposedStringWithCompatibilityMapping, "U+\(String(v, radix: 16))")
        checked += 1
      }
    }
    #expect(checked > 20_000)
  }

  @Test(arguments: [
    "OpenCanvas (IaaS)", "エンタープライズクラウドサービス Ｇ２", "フェデレ―テッドポータルサービス",
    "エンタープライズクラウドサービス／エンタープライズクラウドサービス Ｇ２／フェデレ―テッドポータルサービス", "ＡＢＣ　１２３",
    "", "長期継続契約",
  ])
  func keysMatchFoundation(key: String) {
    #expect(KeyMatch.quickNFKC(key) == key.precomposedStringWithCompatibilityMapping)
  }

  /// Anything else (half-width katakana, sound marks, composed letters, ㈱) goes to Foundation.
  @Test(arguments: ["ｶﾀｶﾅ", "か\u{3099}", "é", "e\u{301}", "㈱", "Ⅳ", "⻑"])
  func otherScalarsAreLeftToFoundation(key: String) {
    let m = KeyMatch(nfkc: true)
    #expect(m.normalize(key) == key.precomposedStringWithCompatibilityMapping)
    if key.unicodeScalars.contains(where: { $0.value == 0x2ED1 }) { return }
    #expect(KeyMatch.quickNFKC(key) == nil)
  }

  /// `normalize` as it was written before its fast paths (map lookups by scalar, folding on bytes):
  /// the oracle the fast paths must agree with.
  static func oracle(_ m: KeyMatch, _ key: String) -> String {
    var s = m.nfkc ? KeyMatch.quickNFKC(key) ?? key.precomposedStringWithCompatibilityMapping : key
    if !m.map.isEmpty {
      var out = ""
      for ch in s.unicodeScalars {
        if let r = m.map[String(ch)] { out += r } else { out.unicodeScalars.append(ch) }
      }
      s = out
      if m.nfkc { s = KeyMatch.quickNFKC(s) ?? s.precomposedStringWithCompatibilityMapping }
    }
    if m.caseInsensitive { s = s.lowercased() }
    switch m.spaces {
    case .keep: break
    case .collapse: s = s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    case .ignore: s = String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
    return s
  }

  /// Every setting, with maps of plain scalars, of scalars equivalent to plain ones (U+F900 is 豈
  /// U+8C48 by NFC; K U+212A is K), and of others; keys from every ASCII byte, CR LF, kana, kanji,
  /// full-width forms, sound marks, composed letters and odd spaces, compared by their scalars.
  @Test func normalizeAgreesWithTheOracle() {
    let maps: [[String: String]] = [
      [:], ["⻑": "長", "―": "ー"], ["\u{F900}": "x", "\u{212A}": "k", "A": "Ｂ", "é": "e", "ｶ": "カ"],
    ]
    var pool: [String] = (0...0x7F).map { String(Unicode.Scalar(UInt8($0))) } + ["\r\n"]
    pool += ["カ", "ガ", "か", "\u{3099}", "ー", "長", "⻑", "―", "豈", "\u{F900}", "K", "\u{212A}", "é", "e\u{301}",
             "Ａ", "ｇ", "　", "\u{85}", "\u{A0}", "\u{2028}", "ｶ", "ﾞ", "㈱", "Ⅳ", "İ", "ẞ", "Σ"]
    var x: UInt64 = 42
    func next(_ n: Int) -> Int {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((x >> 33) % UInt64(n))
    }
    var keys = pool + ["OpenCanvas (IaaS)", " Amazon  Web\tServices ", "フェデレ―テッドポータルサービス", "業務基盤クラウド", "\r\n a \r\n"]
    for _ in 0..<3000 {
      // Mostly plain text, sometimes anything from the pool.
      let plain = [" ", "  ", "A", "a", "Z", "\t", "\r", "\n", "カ", "長", "ー", "―", "Heroku", "/"]
      keys.append((0..<(1 + next(8))).map { _ in next(3) == 0 ? pool[next(pool.count)] : plain[next(plain.count)] }.joined())
    }
    for map in maps {
      for nfkc in [false, true] {
        for ci in [false, true] {
          for sp in KeyMatch.Spaces.allCases {
            let m = KeyMatch(nfkc: nfkc, map: map, caseInsensitive: ci, spaces: sp)
            for k in keys {
              let a = m.normalize(k), b = Self.oracle(m, k)
              if Array(a.unicodeScalars) != Array(b.unicodeScalars) {
                Issue.record("\(m) on \(Array(k.unicodeScalars)): \(Array(a.unicodeScalars)) vs \(Array(b.unicodeScalars))")
                return
              }
            }
          }
        }
      }
    }
  }
}
