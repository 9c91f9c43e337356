import Foundation

/// How a table matches keys: NFKC, then an explicit character map for what NFKC leaves alone
/// (⻑ U+2ED1 → 長, ― U+2015 → ー), then case and space folding.
package struct KeyMatch: Hashable, Sendable {
  package enum Spaces: String, Hashable, Sendable, CaseIterable { case keep, collapse, ignore }
  package let nfkc: Bool
  package let map: [String: String]
  package let caseInsensitive: Bool
  package let spaces: Spaces

  /// `map` by scalar, for the scalars `plain` accepts: a plain scalar `c` is the key `k` exactly when
  /// `String(c) == k` (NFC of `k` is `c`), so this finds what `map[String(c)]` finds without making
  /// and hashing a string per scalar. Derived from `map`.
  private let plainMap: [UInt32: String]

  package init(nfkc: Bool = false, map: [String: String] = [:], caseInsensitive: Bool = false, spaces: Spaces = .keep) {
    self.nfkc = nfkc
    self.map = map
    self.caseInsensitive = caseInsensitive
    self.spaces = spaces
    var plain: [UInt32: String] = [:]
    for (k, v) in map {
      let nfc = Array(k.precomposedStringWithCanonicalMapping.unicodeScalars)
      if nfc.count == 1, Self.plain(nfc[0]), String(nfc[0]) == k { plain[nfc[0].value] = v }
    }
    plainMap = plain
  }

  /// Scalars that are their own NFC and NFKC, have no case but A–Z, are whitespace only as the ASCII
  /// space and controls 09–0D, and never form one character with a neighbour but CR LF: ASCII,
  /// ― (U+2015), ⻑ (U+2ED1), hiragana and katakana letters without the separate sound marks, the
  /// long-vowel mark and CJK unified ideographs.
  @inline(__always)
  static func plain(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x00...0x7F, 0x2015, 0x2ED1, 0x3041...0x3096, 0x30A1...0x30FC, 0x4E00...0x9FFF: return true
    default: return false
    }
  }

  /// The form keys are compared in.
  package func normalize(_ key: String) -> String {
    var s = nfkc ? Self.quickNFKC(key) ?? key.precomposedStringWithCompatibilityMapping : key
    // Only when a scalar is mapped is the text rebuilt (NFKC of an NFKC text is itself).
    if !map.isEmpty, s.unicodeScalars.contains(where: { mapped($0) != nil }) {
      var out = ""
      for ch in s.unicodeScalars {
        if let r = mapped(ch) { out += r } else { out.unicodeScalars.append(ch) }
      }
      s = out
      // A mapped character may itself need NFKC (e.g. mapping to a full-width form).
      if nfkc { s = Self.quickNFKC(s) ?? s.precomposedStringWithCompatibilityMapping }
    }
    if s.unicodeScalars.allSatisfy(Self.plain) { return plainFolded(s) }
    if caseInsensitive { s = s.lowercased() }
    switch spaces {
    case .keep: break
    case .collapse:
      s = s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    case .ignore:
      s = String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
    return s
  }

  /// What `map` gives for `c`, if anything.
  @inline(__always)
  private func mapped(_ c: Unicode.Scalar) -> String? {
    Self.plain(c) ? plainMap[c.value] : map[String(c)]
  }

  /// Case and space folding of a text of `plain` scalars, on its bytes: lower case is A–Z to a–z, and
  /// whitespace is 09–0D and the space (a CR LF pair, one character, is whitespace as both are).
  private func plainFolded(_ s: String) -> String {
    guard caseInsensitive || spaces != .keep else { return s }
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count)
    var gap = false
    for var b in s.utf8 {
      let white = b == 0x20 || (b >= 0x09 && b <= 0x0D)
      if white && spaces != .keep {
        gap = true
        continue
      }
      if gap && spaces == .collapse && !out.isEmpty { out.append(0x20) }
      gap = false
      if caseInsensitive && b >= 0x41 && b <= 0x5A { b += 0x20 }
      out.append(b)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// NFKC of `key` without Foundation when every scalar is one whose NFKC is known and that never
  /// combines with a neighbour: ASCII, hiragana and katakana letters without the separate sound marks,
  /// the long-vowel mark, CJK unified ideographs, ― (U+2015) and ⻑ (U+2ED1) stay as they are;
  /// full-width ASCII (U+FF01–FF5E) and the ideographic space become ASCII. Otherwise nil. Foundation's
  /// NFKC took about 0.6 ms of every one-case process for the bundled table's names, mostly on keys it
  /// leaves alone. (A test compares this with Foundation over every scalar it accepts.)
  static func quickNFKC(_ key: String) -> String? {
    var changed = false
    for c in key.unicodeScalars {
      switch c.value {
      case 0x00...0x7F, 0x2015, 0x2ED1, 0x3041...0x3096, 0x30A1...0x30FC, 0x4E00...0x9FFF: continue
      case 0x3000, 0xFF01...0xFF5E: changed = true
      default: return nil
      }
    }
    guard changed else { return key }
    var out = String.UnicodeScalarView()
    for c in key.unicodeScalars {
      switch c.value {
      case 0x3000: out.append(" ")
      case 0xFF01...0xFF5E: out.append(Unicode.Scalar(c.value - 0xFEE0)!)
      default: out.append(c)
      }
    }
    return String(out)
  }
}
