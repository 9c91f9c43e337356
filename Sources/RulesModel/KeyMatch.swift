import Foundation

/// How a table matches keys: NFKC, then an explicit character map for what NFKC leaves alone
/// (⻑ U+2ED1 → 長, ― U+2015 → ー), then case and space folding.
public struct KeyMatch: Hashable, Sendable {
  public enum Spaces: String, Hashable, Sendable, CaseIterable { case keep, collapse, ignore }
  public let nfkc: Bool
  public let map: [String: String]
  public let caseInsensitive: Bool
  public let spaces: Spaces

  public init(nfkc: Bool = false, map: [String: String] = [:], caseInsensitive: Bool = false, spaces: Spaces = .keep) {
    self.nfkc = nfkc
    self.map = map
    self.caseInsensitive = caseInsensitive
    self.spaces = spaces
  }

  /// The form keys are compared in.
  public func normalize(_ key: String) -> String {
    var s = nfkc ? key.precomposedStringWithCompatibilityMapping : key
    if !map.isEmpty {
      var out = ""
      for ch in s.unicodeScalars {
        if let r = map[String(ch)] { out += r } else { out.unicodeScalars.append(ch) }
      }
      s = out
      // A mapped character may itself need NFKC (e.g. mapping to a full-width form).
      if nfkc { s = s.precomposedStringWithCompatibilityMapping }
    }
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
}
