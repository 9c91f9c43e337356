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
}
